package io.camelota.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.camelota.boot.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the application: started from an argument list (no shell), stdout and stderr merged
 * and either pumped line by line to {@code lines} (the agent log, prefixed {@code [app] }) or
 * appended by the app itself to {@code app.log}. Knows whether its end was asked for
 * ({@link #stop}) or the app's own doing. Its environment is the agent's minus the agent's own keys
 * ({@link AgentKeys}), plus {@code app.env.*}.
 */
public final class AppProcess {

    private static final Logger APP_LOG = LoggerFactory.getLogger("app");

    /** The default sink: the agent log, one entry per line the app printed. */
    public static final Consumer<String> AGENT_LOG = line -> APP_LOG.info("[app] {}", line);

    /**
     * Set (app.env) by the launcher for the app it runs: that app embeds the agent and reads the agent's
     * keys itself, so they stay in its environment. The launcher's LAUNCHED_ENV, named here by value.
     */
    public static final String EMBEDDED_AGENT_ENV = "CAMEL_OTA_LAUNCHED";

    private final Process process;
    private final List<String> argv;
    private volatile boolean stopRequested;

    private AppProcess(Process process, List<String> argv) {
        this.process = process;
        this.argv = argv;
    }

    public static AppProcess start(List<String> argv, SupervisorSettings s, Consumer<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (s.workdir() != null) {
            pb.directory(s.workdir().toFile());
        }
        if (!s.env().containsKey(EMBEDDED_AGENT_ENV)) {
            // the agent's keys (tokens, header secrets, key paths) are not the app's business; an app started
            // by the launcher is the embedded agent itself and reads them
            pb.environment().keySet().removeIf(AgentKeys::isAgentEnvName);
        }
        pb.environment().putAll(s.env());
        if (s.logFile() != null) {
            ownerOnlyLog(s.logFile());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(s.logFile().toFile()));
        }
        AppProcess app = new AppProcess(pb.start(), argv);
        if (s.logFile() == null) {
            Thread pump = new Thread(() -> app.pump(lines), "app-output-" + app.pid());
            pump.setDaemon(true);
            pump.start();
        }
        return app;
    }

    /**
     * app.log is created 0600 (new folders 0700) before the JDK opens it for appending: Redirect.appendTo
     * would create it with the umask's mode (0666 under umask 000). An existing file keeps its mode: the
     * operator may have chosen it.
     */
    private static void ownerOnlyLog(Path log) throws IOException {
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            OwnerOnly.createDirectories(parent);
        }
        try {
            Files.createFile(log, OwnerOnly.file());
            OwnerOnly.restrictFile(log);
        } catch (FileAlreadyExistsException e) {
            // appended to as it is
        }
    }

    /**
     * Raw reads split into lines here: in a trial a BufferedReader over the process pipe missed the
     * app's last line (its shutdown hook's) when the process exited while the reader was blocked.
     */
    private void pump(Consumer<String> lines) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (java.io.InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (buf[i] != '\r') {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the app is gone (or was killed): its output ends here
        }
        if (line.size() > 0) {
            lines.accept(line.toString(StandardCharsets.UTF_8));
        }
    }

    public long pid() {
        return process.pid();
    }

    public List<String> argv() {
        return argv;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the app ends, whoever ended it. */
    public CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** True when the end came from {@link #stop}, not from the app itself. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** SIGTERM, then SIGKILL after {@code app.stop_timeout}; returns when the app is gone. */
    public void stop(java.time.Duration timeout) {
        stopRequested = true;
        if (process.isAlive()) {
            PidFile.stop(process.toHandle(), timeout);
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
