package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid file never makes the supervisor signal a process that is not its app. */
class PidFileTest {

    @TempDir
    Path tmp;

    private Process other;

    @AfterEach
    void kill() {
        if (other != null) {
            other.destroyForcibly();
        }
    }

    @Test
    void recognisesItsAppByPidStartTimeAndCommandLine() throws Exception {
        other = new ProcessBuilder("sleep", "60").start();
        PidFile f = new PidFile(tmp.resolve("app.pid"));
        f.record(other.toHandle(), List.of("sleep", "60"));
        assertThat(f.orphan()).map(ProcessHandle::pid).contains(other.pid());
    }

    @Test
    void aReusedPidRunningAnotherCommandIsLeftAlone() throws Exception {
        other = new ProcessBuilder("sleep", "60").start();
        PidFile f = new PidFile(tmp.resolve("app.pid"));
        f.record(other.toHandle(), List.of("java", "-jar", "/data/slot0.img"));
        assertThat(f.orphan()).isEmpty();
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsLeftAlone() throws Exception {
        other = new ProcessBuilder("sleep", "60").start();
        long start = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        Files.write(tmp.resolve("app.pid"), new ObjectMapper().writeValueAsBytes(
                new PidFile.Entry(other.pid(), start - 3_600_000, List.of("sleep", "60"))));
        assertThat(new PidFile(tmp.resolve("app.pid")).orphan()).isEmpty();
    }

    @Test
    void aDeadPidOrNoFileIsNoOrphan() throws Exception {
        PidFile f = new PidFile(tmp.resolve("app.pid"));
        assertThat(f.orphan()).isEmpty();
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Files.write(tmp.resolve("app.pid"), new ObjectMapper().writeValueAsBytes(
                new PidFile.Entry(done.pid(), 0, List.of("true"))));
        assertThat(f.orphan()).isEmpty();
    }
}
