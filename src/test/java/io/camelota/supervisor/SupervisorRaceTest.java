package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race a restart after a kill used to lose: the supervisor is still stopping the orphaned app (which
 * ignores SIGTERM, so the stop takes app.stop_timeout) when a poll installs a new version. The app that
 * starts afterwards must be the slot this start's boot decision picked; the new slot runs only after
 * the reboot, whose boot decision writes its attempt first.
 */
class SupervisorRaceTest {

    private static final SlotContent FACTORY = new SlotContent("hello", "ubuntu", "1.0", "f", null, null);
    private static final SlotContent V11 = new SlotContent("hello", "ubuntu", "1.1", "u", null, null);

    @TempDir
    Path tmp;

    private Process orphan;
    private AppSupervisor supervisor;

    @AfterEach
    void cleanUp() {
        if (supervisor != null) {
            supervisor.stop();
        }
        if (orphan != null) {
            orphan.destroyForcibly();
        }
    }

    @Test
    void anInstallDuringTheOrphansStopDoesNotChangeTheSlotThatStarts() throws Exception {
        Path slot0 = HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "serve");
        Path slot1 = HelloSlots.write(tmp.resolve("slot1.img"), "1.1", "serve");
        BootControl boot = new BootControl(new BootStateFile(tmp.resolve("boot-state.json")), FACTORY);
        UpdateLifecycle lifecycle = new UpdateLifecycle(boot, new StatusBoard(), 0, 10);
        lifecycle.boot();

        // the app of the killed agent: notes the SIGTERM, then keeps running until the SIGKILL
        Path termed = tmp.resolve("termed");
        List<String> argv = List.of("sh", "-c", "trap 'echo term > " + termed + "' TERM; while :; do sleep 0.1; done");
        orphan = new ProcessBuilder(argv).start();
        new PidFile(tmp.resolve("app.pid")).record(orphan.toHandle(), argv);

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        SupervisorSettings settings = new SupervisorSettings(CommandLine.split("app.command", HelloSlots.command()),
                null, Map.of(), Duration.ofSeconds(3), null);
        supervisor = new AppSupervisor(settings, new SlotLayout(new Path[] {slot0, slot1}, null, 1 << 20), lifecycle,
                tmp, reason -> { }, java.time.Clock.systemUTC(), d -> { }, lines::add);
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
            try {
                supervisor.startOnDecidedSlot();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // the stop is under way (the orphan got its SIGTERM): a poll installs 1.1 into slot 1 now
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(termed)) {
            assertThat(System.nanoTime()).as("the orphan never got SIGTERM").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(start).as("the stop takes app.stop_timeout: the start is still waiting").isNotDone();
        lifecycle.tryStart("poll", "http://127.0.0.1/fw.zip", false);
        lifecycle.writing(1);
        lifecycle.installed(1, V11, 60);

        start.get(60, TimeUnit.SECONDS);
        String first = null;
        while (first == null || !first.startsWith("hello from")) {
            first = lines.poll(30, TimeUnit.SECONDS);
            assertThat(first).as("the app never said hello").isNotNull();
        }
        assertThat(first).as("the decided slot runs, not the one installed meanwhile").isEqualTo("hello from 1.0");
        assertThat(HelloSlots.running(slot1)).as("nothing of slot 1 runs before its own boot decision").isEmpty();
        BootState s = boot.state();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.bootCount()).as("no attempt of slot 1 used: it has not run").isZero();
        assertThat(orphan.isAlive()).isFalse();
    }
}
