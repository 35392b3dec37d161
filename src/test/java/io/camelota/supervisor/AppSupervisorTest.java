package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.status.StatusBoard;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.slot.SlotLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor on its own (no Camel): real hello-app JVMs from real slot files, a real boot state. */
class AppSupervisorTest {

    private static final SlotContent FACTORY = new SlotContent("hello", "ubuntu", "1.0", "f", null, null);

    @TempDir
    Path tmp;

    private final List<AppSupervisor> supervisors = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final CountDownLatch holdRestarts = new CountDownLatch(1);
    private final CompletableFuture<String> failedBoot = new CompletableFuture<>();

    @AfterEach
    void stopAll() {
        supervisors.forEach(AppSupervisor::stop);
    }

    private SlotLayout slots() {
        return new SlotLayout(new Path[] {tmp.resolve("slot0.img"), tmp.resolve("slot1.img")}, null, 1 << 20);
    }

    private BootControl bootedFactory() throws Exception {
        BootControl boot = new BootControl(new BootStateFile(tmp.resolve("boot-state.json")), FACTORY);
        boot.boot();
        return boot;
    }

    private AppSupervisor supervisor(BootControl boot, int stopTimeout, int restartsBeforeHold) {
        SupervisorSettings s = new SupervisorSettings(CommandLine.split("app.command", HelloSlots.command()), null,
                Map.of(), Duration.ofSeconds(stopTimeout), null);
        AppSupervisor app = new AppSupervisor(s, slots(), UpdateLifecycle.forBootedDevice(boot, new StatusBoard()), tmp, failedBoot::complete,
                new BackoffTest.ManualClock(), d -> {
                    waits.add(d);
                    if (waits.size() > restartsBeforeHold) {
                        holdRestarts.await();
                    }
                }, lines::add);
        supervisors.add(app);
        return app;
    }

    private void awaitLine(String expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (expected.equals(line)) {
                return;
            }
        }
        throw new AssertionError("app never said: " + expected);
    }

    @Test
    void runsTheActiveSlotRecordsItsPidAndStopsItWithSigterm() throws Exception {
        HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "serve");
        AppSupervisor app = supervisor(bootedFactory(), 10, 0);
        app.startOnDecidedSlot();
        awaitLine("hello from 1.0");

        AppSupervisor.AppStatus st = app.status();
        assertThat(st.state()).isEqualTo(AppSupervisor.AppState.RUNNING);
        ProcessHandle p = ProcessHandle.of(st.pid()).orElseThrow();
        assertThat(Files.readString(tmp.resolve("app.pid"))).contains("\"pid\":" + st.pid());
        assertThat(app.appUp()).isTrue();

        app.stop();
        assertThat(p.isAlive()).isFalse();
        awaitLine("bye from 1.0");   // SIGTERM: the app's shutdown hook ran
        assertThat(app.status().state()).isEqualTo(AppSupervisor.AppState.STOPPED);
        assertThat(tmp.resolve("app.pid")).doesNotExist();
    }

    @Test
    void anAppIgnoringSigtermIsKilledAfterTheStopTimeout() throws Exception {
        HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "stubborn");
        AppSupervisor app = supervisor(bootedFactory(), 1, 0);
        app.startOnDecidedSlot();
        awaitLine("hello from 1.0");
        ProcessHandle p = ProcessHandle.of(app.status().pid()).orElseThrow();
        app.stop();
        awaitLine("bye from 1.0");    // it got SIGTERM and hung in its hook ...
        assertThat(p.isAlive()).isFalse();   // ... so SIGKILL ended it
    }

    @Test
    void aCommittedAppThatExitsIsRestartedWithDoublingBackoff() throws Exception {
        HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "crash");
        AppSupervisor app = supervisor(bootedFactory(), 10, 3);
        app.startOnDecidedSlot();
        await().atMost(Duration.ofSeconds(60)).until(() -> waits.size() == 4);

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(lines.stream().filter("hello from 1.0"::equals).count()).isEqualTo(4);
        AppSupervisor.AppStatus st = app.status();
        assertThat(st.restarts()).isEqualTo(3);
        assertThat(st.state()).isEqualTo(AppSupervisor.AppState.CRASHED);
        assertThat(st.pid()).isNull();
        assertThat(failedBoot).isNotDone();
    }

    @Test
    void anUncommittedAppThatExitsIsAFailedBootNotARestart() throws Exception {
        HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "serve");
        HelloSlots.write(tmp.resolve("slot1.img"), "1.1", "crash");
        BootControl boot = bootedFactory();
        boot.installed(1, new SlotContent("hello", "ubuntu", "1.1", "u", null, null), 30);
        boot = new BootControl(new BootStateFile(tmp.resolve("boot-state.json")), FACTORY);
        assertThat(boot.boot()).isEqualTo(BootControl.BootOutcome.TRIAL);
        AppSupervisor app = supervisor(boot, 10, 0);
        app.startOnDecidedSlot();

        assertThat(failedBoot.get(30, TimeUnit.SECONDS)).isEqualTo("App exited with code 3 during the commit window");
        awaitLine("hello from 1.1");
        assertThat(waits).isEmpty();
        assertThat(app.status().state()).isEqualTo(AppSupervisor.AppState.CRASHED);
    }

    @Test
    void anOrphanLeftByAKilledAgentIsStoppedBeforeTheNextStart() throws Exception {
        HelloSlots.write(tmp.resolve("slot0.img"), "1.0", "serve");
        AppSupervisor first = supervisor(bootedFactory(), 10, 0);
        first.startOnDecidedSlot();
        awaitLine("hello from 1.0");
        long orphan = first.status().pid();
        first.abandon();   // the agent "dies": nobody stops its app
        supervisors.remove(first);

        AppSupervisor second = supervisor(bootedFactory(), 10, 0);
        second.startOnDecidedSlot();
        awaitLine("hello from 1.0");
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        List<ProcessHandle> copies = HelloSlots.running(tmp.resolve("slot0.img"));
        assertThat(copies).extracting(ProcessHandle::pid).containsExactly(second.status().pid());
    }
}
