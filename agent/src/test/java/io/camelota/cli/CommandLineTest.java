package io.camelota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar's command line, run as a user runs it: a JVM of its own ({@code java -jar
 * camel-ota.jar} = main class {@link CamelOtaCommand}) in an empty working folder. Help and a wrong
 * argument must end before any agent starts: exit code, the text printed, and no ./data created.
 */
class CommandLineTest {

    @TempDir
    Path work;

    record Run(int exit, String out, String err) {
    }

    @Test
    void helpPrintsUsageAndStartsNothing() throws Exception {
        for (String help : List.of("--help", "-h")) {
            Run r = run(help);
            assertThat(r.exit()).as(help).isZero();
            assertThat(r.out()).contains("Usage:", "--demo", "launch", "bundle", "keygen", "fleet report");
            assertThat(r.err()).doesNotContain("Apache Camel");
            assertThat(work.resolve("data")).doesNotExist();
        }
    }

    @Test
    void unknownArgumentExitsTwoWithUsage() throws Exception {
        Run r = run("--demoo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown argument '--demoo'").contains("Usage:");
        assertThat(work.resolve("data")).doesNotExist();

        Run extra = run("--demo", "now");
        assertThat(extra.exit()).isEqualTo(2);
        assertThat(extra.err()).contains("unknown argument 'now'");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void systemPropertyAfterJarGetsAHint() throws Exception {
        Run r = run("-Dupdate.url=http://127.0.0.1:1/fw.zip");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("put -D options before -jar, or use the environment variable UPDATE_URL");
        assertThat(work.resolve("data")).doesNotExist();

        Run dashed = run("--demo", "-Dota.http.port=1");
        assertThat(dashed.exit()).isEqualTo(2);
        assertThat(dashed.err()).contains("environment variable OTA_HTTP_PORT");
    }

    @Test
    void bundleToolsStillReachTheirOwnCommandLine() throws Exception {
        Run r = run("bundle", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out() + r.err()).contains("create").contains("inspect");
        assertThat(work.resolve("data")).doesNotExist();
    }

    private Run run(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", cp, CamelOtaCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path out = work.resolve("..").resolve(work.getFileName() + ".out");
        Path err = work.resolve("..").resolve(work.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // an agent that started by mistake would run until killed: 60 s is far beyond a usage message
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended: " + String.join(" ", args)).isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
