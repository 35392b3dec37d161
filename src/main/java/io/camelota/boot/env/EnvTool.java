package io.camelota.boot.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one environment tool (fw_printenv, fw_setenv, grub-editenv) without a shell and returns what it
 * printed. A non-zero exit or a hang is an {@link IOException} carrying the tool's own error text:
 * the agent must never act on half an answer from the bootloader's store.
 */
final class EnvTool {

    private static final Logger LOG = LoggerFactory.getLogger(EnvTool.class);
    private static final long TIMEOUT_SECONDS = 60;

    private EnvTool() {
    }

    /** The tool ran and exited non-zero: its exit code and its own error text, for a caller that can tell why. */
    static final class ToolFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;
        private final String stderr;

        ToolFailure(List<String> command, int exitCode, String stderr) {
            super(String.join(" ", command) + " failed (exit " + exitCode + ")"
                    + (stderr.isEmpty() ? "" : ": " + stderr.replace('\n', ' ')));
            this.exitCode = exitCode;
            this.stderr = stderr.replace('\n', ' ');
        }

        int exitCode() {
            return exitCode;
        }

        String stderr() {
            return stderr;
        }
    }

    static String run(List<String> command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
            p.getOutputStream().close();  // the tools read no input
        } catch (IOException e) {
            throw new IOException(command.get(0) + " could not be started: " + e.getMessage(), e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " interrupted", e);
        }
        String stderr = err.join().strip();
        if (p.exitValue() != 0) {
            throw new ToolFailure(command, p.exitValue(), stderr);
        }
        if (!stderr.isEmpty()) {
            // e.g. libubootenv's "Cannot read environment, using default": worth a line, not a failure
            LOG.warn("{}: {}", command.get(0), stderr.replace('\n', ' '));
        }
        return out;
    }

    /** Parses {@code name=value} lines; the first '=' separates (values may contain '='). */
    static Map<String, String> parseLines(String output) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
