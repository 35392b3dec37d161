package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelota.cli.CamelOtaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two demo commands, run the way the README runs them: a separate JVM in the project
 * folder (config/ and routes/ from there), main class {@code CamelOtaCommand} — what {@code java -jar
 * target/camel-ota.jar} starts (checked against the jar manifest's mainClass in agent/pom.xml). The jar
 * itself does not exist yet when {@code mvn test} runs, so the child gets the test class path.
 * Both must exit 0 and print their outcome.
 */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theJarRunsTheAgentCommand() throws IOException {
        assertThat(Files.readString(Path.of("agent", "pom.xml")))
                .contains("<mainClass>" + CamelOtaCommand.class.getName() + "</mainClass>");
    }

    @Test
    void demoInstallsCommitsAndIsThenNotModified() throws Exception {
        String out = run("--demo");
        assertThat(out).contains("Not Modified").doesNotContain("FAILED");
    }

    @Test
    void rollbackDemoRefusesTheRolledBackVersion() throws Exception {
        String out = run("--demo", "--rollback");
        assertThat(out).contains("Version was rolled back before").doesNotContain("FAILED");
    }

    private String run(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", cp, CamelOtaCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve("demo.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the README runs it without any UPDATE_*/OTA_* overrides from the environment
        pb.environment().keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_")
                || k.startsWith("DEVICE_") || k.startsWith("BOOT_") || k.startsWith("HEALTH_") || k.startsWith("FLASH_"));
        Process p = pb.start();
        try {
            // generous: the demo's own waits end it long before this on success or failure
            boolean ended = p.waitFor(240, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("demo ended\n" + out).isTrue();
            assertThat(p.exitValue()).as("exit code\n" + out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
