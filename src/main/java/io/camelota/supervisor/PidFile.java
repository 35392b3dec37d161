package io.camelota.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code app.pid} in the data folder: which process the supervisor started, so that an agent
 * restarted after a kill -9 finds the app it left behind instead of starting a second copy.
 * A pid alone is not enough (pids are reused): the process must also have the recorded start
 * time and the recorded command line ({@code /proc/<pid>/cmdline}) before anyone signals it.
 */
public final class PidFile {

    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was started: pid, start time (ms since the epoch, as the kernel reports it) and argv. */
    public record Entry(@JsonProperty("pid") long pid, @JsonProperty("start_ms") long startMillis,
                        @JsonProperty("command") List<String> command) {
    }

    private final Path file;

    public PidFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Written before the app can do anything that matters (atomic: a kill leaves the old or the new entry). */
    public void record(ProcessHandle p, List<String> command) throws IOException {
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, JSON.writeValueAsBytes(new Entry(p.pid(), start, command)));
    }

    public void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The recorded process, if it still runs and is really the one recorded (same start time and argv). */
    public Optional<ProcessHandle> orphan() {
        Entry e;
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            e = JSON.readValue(file.toFile(), Entry.class);
        } catch (IOException ex) {
            LOG.warn("app: ignoring unreadable {}: {}", file, ex.getMessage());
            return Optional.empty();
        }
        Optional<ProcessHandle> p = ProcessHandle.of(e.pid()).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        long start = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        if (Math.abs(start - e.startMillis()) > 1000) {
            LOG.info("app: pid {} from {} was reused by another process (started at another time): left alone",
                    e.pid(), file.getFileName());
            return Optional.empty();
        }
        List<String> argv = commandLine(p.get());
        if (!e.command().equals(argv)) {
            LOG.info("app: pid {} runs {}, not the recorded app: left alone", e.pid(), argv);
            return Optional.empty();
        }
        return p;
    }

    /** argv of a process: /proc/<pid>/cmdline on Linux (NUL-separated), else what the JDK can tell. */
    static List<String> commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            byte[] raw = Files.readAllBytes(proc);
            List<String> argv = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    argv.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
            if (from < raw.length) {
                argv.add(new String(raw, from, raw.length - from, StandardCharsets.UTF_8));
            }
            return argv;
        } catch (IOException e) {
            List<String> argv = new ArrayList<>();
            p.info().command().ifPresent(argv::add);
            p.info().arguments().ifPresent(a -> argv.addAll(List.of(a)));
            return argv;
        }
    }

    /** SIGTERM, then SIGKILL after {@code timeout}; returns once the process is gone (or after the kill). */
    public static void stop(ProcessHandle p, Duration timeout) {
        p.destroy();
        try {
            p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("app: pid {} ignored SIGTERM for {} s: SIGKILL", p.pid(), timeout.toSeconds());
            p.destroyForcibly();
            p.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
