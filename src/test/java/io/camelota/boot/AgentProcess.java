package io.camelota.boot;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a separate JVM ({@code io.camelota.app.OtaMain}), the way a device runs it under a
 * supervisor: working folder = project root, {@code -D} overrides, stdout+stderr into one log file
 * per launch. {@link #kill()} is {@code Process.destroyForcibly()}, i.e. SIGKILL on Linux: no
 * shutdown hook, no finally block, no flush — the closest a test gets to pulling the plug.
 * {@link #close()} (and a JVM shutdown hook, should the test JVM itself be stopped) make sure no
 * child outlives the test.
 */
final class AgentProcess implements AutoCloseable {

    /** boot.exit_code: the agent asks its supervisor for a "otaReboot". */
    static final int REBOOT_EXIT = 75;

    private final Path projectDir;
    private final Path logDir;
    private final Map<String, String> props;
    private final int httpPort;
    private final Thread reaper = new Thread(this::destroyNow, "power-cut-reaper");
    private Process current;
    private Path currentLog;
    private int launches;

    AgentProcess(Path projectDir, Path logDir, int httpPort, Map<String, String> props) {
        this.projectDir = projectDir;
        this.logDir = logDir;
        this.httpPort = httpPort;
        this.props = new LinkedHashMap<>(props);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The test JVM's class path: surefire hides it behind a manifest-only jar, but publishes it. */
    static String childClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    /** Starts a new agent JVM (the previous one must be gone: one device, one agent). */
    synchronized Process launch() throws IOException {
        if (current != null && current.isAlive()) {
            throw new IllegalStateException("agent still running");
        }
        launches++;
        currentLog = logDir.resolve(String.format("agent-%04d.log", launches));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        for (String opt : System.getProperty("powercut.jvm_opts", "").trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-cp");
        cmd.add(childClassPath());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("io.camelota.app.OtaMain");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toFile())
                .redirectErrorStream(true).redirectOutput(currentLog.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_")
                || k.startsWith("BOOT_") || k.startsWith("FLASH_") || k.startsWith("DEVICE_") || k.startsWith("HEALTH_"));
        current = pb.start();
        return current;
    }

    /** Waits up to {@code millis} for the running agent to exit: its exit code, or null when still running. */
    Integer awaitExit(long millis) throws InterruptedException {
        Process p = current;
        if (p == null) {
            return null;
        }
        if (millis > 0 ? p.waitFor(millis, TimeUnit.MILLISECONDS) : !p.isAlive()) {
            return p.exitValue();
        }
        return null;
    }

    /** SIGKILL, then wait until the process is really gone (its files closed by the kernel). */
    synchronized void kill() throws InterruptedException {
        Process p = current;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent pid " + p.pid() + " survived SIGKILL for 30 s");
        }
    }

    boolean alive() {
        return current != null && current.isAlive();
    }

    long pid() {
        return current == null ? -1 : current.pid();
    }

    int launches() {
        return launches;
    }

    Path currentLog() {
        return currentLog;
    }

    /** The current launch's log so far (empty before the first launch). */
    String log() {
        if (currentLog == null || !Files.exists(currentLog)) {
            return "";
        }
        try {
            return Files.readString(currentLog, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** GET /update/status of the running agent, or null when it does not answer. */
    String status() {
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/update/status"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void destroyNow() {
        Process p = current;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already: the hook runs anyway
        }
    }

    static String classPathSummary() {
        String[] parts = childClassPath().split(File.pathSeparator);
        return parts.length + " entries";
    }
}
