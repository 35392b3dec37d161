package io.camelota.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the Debian tools the package tests need; a missing tool skips the test unless OTA_REQUIRE_TOOLS=1. */
final class Tools {

    record Result(int exit, String out) {
    }

    private Tools() {
    }

    static void require(String tool) {
        boolean found = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        if (!found && "1".equals(System.getenv("OTA_REQUIRE_TOOLS"))) {
            throw new AssertionError(tool + " is required (OTA_REQUIRE_TOOLS=1) but not on PATH");
        }
        assumeTrue(found, tool + " not installed");
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not end within " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result run(String... cmd) throws IOException, InterruptedException {
        return run(null, Map.of(), 300, cmd);
    }
}
