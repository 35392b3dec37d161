package io.camelota.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelota.bundle.TestBundles;
import io.camelota.tool.ToolTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Bundles and signatures" commands of docs/bundles.md, run as printed: each line's arguments go to the jar's main
 * class in a separate JVM whose working folder is a fresh one (holding only the build/ files the README names),
 * so relative paths, quoting and the order of the steps are checked too. A README edit that breaks a command
 * breaks this test.
 */
class ReadmeBundleCommandsTest {

    private static final String PREFIX = "java -jar target/camel-ota.jar ";

    @TempDir
    Path dir;

    @Test
    void everyPrintedBundleCommandWorks() throws Exception {
        List<List<String>> commands = readmeCommands();
        assertThat(commands).extracting(c -> c.get(0) + " " + c.get(1))
                .contains("keygen -o", "bundle create", "bundle sign", "bundle inspect");
        Files.createDirectories(dir.resolve("build"));
        Files.write(dir.resolve("build/myapp.bin"), TestBundles.randomBytes(20_000, 1));
        Files.write(dir.resolve("build/fs.img"), TestBundles.randomBytes(8_192, 2));

        Run last = null;
        for (List<String> args : commands) {
            last = runMain(args);
            assertThat(last.exitCode()).as("%s%n%s%s", args, last.out(), last.err()).isZero();
        }
        // the last command inspects what the others made: both signatures verified, a device would install it
        assertThat(commands.get(commands.size() - 1)).startsWith("bundle", "inspect");
        assertThat(last.out()).contains("  sig0: verified with key 0\n", "  sig1: verified with key 1\n")
                .endsWith("result:          ok\n");
    }

    /** The lines starting with the jar command in the section's code block; "\" joins lines, "#" comments. */
    private static List<List<String>> readmeCommands() throws IOException {
        String readme = Files.readString(Path.of("").resolve("docs/bundles.md"));
        int section = readme.indexOf("# Bundles and signatures\n");
        assertThat(section).as("docs/bundles.md heading").isZero();
        int start = readme.indexOf("```\n", section) + 4;
        String block = readme.substring(start, readme.indexOf("```", start)).replace("\\\n", " ");
        List<List<String>> commands = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith(PREFIX)) {
                commands.add(words(line.substring(PREFIX.length())));
            }
        }
        return commands;
    }

    /** Shell words: blanks separate, "..." quotes (so "" is an empty word), an unquoted # starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (!quoted && c == '#') {
                break;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        assertThat(quoted).as("unbalanced quote in: %s", line).isFalse();
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The jar's main class in its own JVM, in {@link #dir}: what "java -jar target/camel-ota.jar" runs. */
    private Run runMain(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", absoluteClassPath(), "io.camelota.cli.CamelOtaCommand"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
