package io.camelota.boot.env;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootControl.BootOutcome;
import io.camelota.boot.RevertReason;
import io.camelota.bundle.TestBundles;
import io.camelota.flash.InstallPolicy;
import io.camelota.flash.InstallRequest;
import io.camelota.flash.Installer;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.camelota.boot.env.EnvDevice.V10;
import static io.camelota.boot.env.EnvDevice.V11;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole update cycles through RAUC's boot scripts (simulated step for step on real environments):
 * the bootloader picks the slot at every power-on, the agent reads what booted from the command line.
 */
class EnvCycleTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void updateBootsBAndCommits(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = new EnvDevice(kind, dir);
        assertThat(d.powerOn()).isEqualTo("A");
        BootControl agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.NORMAL);
        assertThat(d.vars()).as("a start on a committed slot gives it its tries back")
                .containsAllEntriesOf(kind == EnvDevice.Kind.UBOOT ? java.util.Map.of("BOOT_A_LEFT", "3")
                        : java.util.Map.of("A_OK", "1", "A_TRY", "0"));

        agent.installed(1, V11, 60);
        assertThat(d.vars()).containsAllEntriesOf(kind == EnvDevice.Kind.UBOOT
                ? java.util.Map.of("BOOT_ORDER", "B A", "BOOT_B_LEFT", "3")
                : java.util.Map.of("ORDER", "B A", "B_OK", "1", "B_TRY", "0"));

        assertThat(d.powerOn()).isEqualTo("B");
        agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.TRIAL);
        assertThat(agent.state().attemptsLeft()).as("read from the bootloader's count")
                .isEqualTo(kind == EnvDevice.Kind.UBOOT ? 2 : 0);
        assertThat(agent.commit()).isTrue();
        assertThat(d.vars()).containsAllEntriesOf(kind == EnvDevice.Kind.UBOOT
                ? java.util.Map.of("BOOT_ORDER", "B A", "BOOT_B_LEFT", "3")
                : java.util.Map.of("ORDER", "B A", "B_OK", "1", "B_TRY", "0"));

        for (int i = 0; i < 4; i++) {
            assertThat(d.powerOn()).as("a committed slot keeps booting, however often").isEqualTo("B");
            agent = d.agent();
            assertThat(agent.boot()).isEqualTo(BootOutcome.NORMAL);
        }
        assertThat(agent.state().activeContent()).isEqualTo(V11);
        assertThat(agent.state().committed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void anUpdateThatNeverCommitsFallsBackAndIsRefused(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = new EnvDevice(kind, dir);
        d.powerOn();
        d.agent().boot();
        d.agent().installed(1, V11, 60);

        int tries = kind == EnvDevice.Kind.UBOOT ? EnvDevice.ATTEMPTS : 1;
        for (int i = 0; i < tries; i++) {
            assertThat(d.powerOn()).isEqualTo("B");
            assertThat(d.agent().boot()).isEqualTo(BootOutcome.TRIAL);  // and the agent dies: no commit
        }
        assertThat(d.powerOn()).as("the bootloader falls back by itself").isEqualTo("A");
        BootControl agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.AFTER_REVERT);
        assertThat(agent.lastRevertReason()).isEqualTo("bootloader fell back to A");
        assertThat(agent.state().activeSlot()).isZero();
        assertThat(agent.state().activeContent()).isEqualTo(V10);
        assertThat(agent.state().rejected()).isEqualTo(V11);
        assertThat(d.vars()).containsAllEntriesOf(kind == EnvDevice.Kind.UBOOT
                // the rejected slot is out of the order: not even a fallback any more
                ? java.util.Map.of("BOOT_ORDER", "A", "BOOT_B_LEFT", "0", "BOOT_A_LEFT", "3")
                : java.util.Map.of("ORDER", "A", "B_OK", "0", "A_OK", "1", "A_TRY", "0"));

        assertThatThrownBy(() -> poll(agent, "1.1")).as("the next poll refuses the version")
                .isInstanceOf(UpdateFailure.class).hasMessageContaining("rolled back");

        assertThat(d.powerOn()).isEqualTo("A");
        BootControl next = d.agent();
        assertThat(next.boot()).as("reported once").isEqualTo(BootOutcome.NORMAL);
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void aFailedHealthCheckRevertsThroughTheEnvironment(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = new EnvDevice(kind, dir);
        d.powerOn();
        d.agent().boot();
        d.agent().installed(1, V11, 60);
        assertThat(d.powerOn()).isEqualTo("B");
        BootControl agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.TRIAL);

        assertThat(agent.revert(RevertReason.HEALTH_CHECK_FAILED)).isTrue();
        assertThat(d.vars()).containsAllEntriesOf(kind == EnvDevice.Kind.UBOOT
                ? java.util.Map.of("BOOT_ORDER", "A", "BOOT_B_LEFT", "0")
                : java.util.Map.of("ORDER", "A", "B_OK", "0", "B_TRY", "0"));

        assertThat(d.powerOn()).isEqualTo("A");
        agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.AFTER_REVERT);
        assertThat(agent.lastRevertReason()).isEqualTo(RevertReason.HEALTH_CHECK_FAILED.text());
        assertThat(agent.state().rejected()).isEqualTo(V11);
    }

    @Test
    void anAgentRestartWithinOneBootUsesNoTry() throws Exception {
        EnvDevice d = new EnvDevice(EnvDevice.Kind.UBOOT, dir);
        d.powerOn();
        d.agent().boot();
        d.agent().installed(1, V11, 60);
        assertThat(d.powerOn()).isEqualTo("B");
        for (int restart = 0; restart < 3; restart++) {
            BootControl agent = d.agent();
            assertThat(agent.boot()).isEqualTo(BootOutcome.TRIAL);
            assertThat(agent.state().attemptsLeft()).as("only the bootloader counts").isEqualTo(2);
        }
        assertThat(d.vars()).containsEntry("BOOT_B_LEFT", "2");
    }

    @Test
    void aCommandLineWithoutTheSlotStopsTheBootDecision() throws Exception {
        EnvDevice d = new EnvDevice(EnvDevice.Kind.UBOOT, dir);
        d.powerOn();
        d.agent().boot();
        Files.writeString(d.cmdline, "console=ttyS0 root=/dev/mmcblk0p2\n");
        assertThatThrownBy(() -> d.agent().boot()).isInstanceOf(IOException.class).hasMessageContaining("rauc.slot=");
        Files.writeString(d.cmdline, "root=/dev/sda1 rauc.slot=R\n");
        assertThatThrownBy(() -> d.agent().boot()).hasMessageContaining("'R' is neither A nor B");
    }

    /** What a poll does with a bundle of {@code version}: the Installer's own checks. */
    private void poll(BootControl agent, String version) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            byte[] zip = TestBundles.builder().version(version).buildId("b11").part("app", "app", "fw.bin",
                    TestBundles.randomBytes(1000, 1)).build();
            SlotLayout slots = new SlotLayout(new Path[] {dir.resolve("s0"), dir.resolve("s1")}, null, 1 << 20);
            new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(agent, new StatusBoard()), new StatusBoard(), slots, new InstallPolicy("ubuntu", List.of(), -1, true, true),
                    scheduler, 30).install(new InstallRequest(new ByteArrayInputStream(zip), (long) zip.length, true, 0,
                    "t"));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
