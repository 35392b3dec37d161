package io.camelota.boot;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protocol §6 boot decisions on a real boot-state file; a new BootControl on the same file is a reboot. */
class BootControlTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.0", "20261101-000000/factory",
            null, null);
    private static final SlotContent NEW = new SlotContent("app", "ubuntu", "1.1", "20260301-120000/t",
            "ab".repeat(32), 1234L);

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("boot-state.json");
    }

    private BootControl device() {
        return new BootControl(new BootStateFile(file), FACTORY);
    }

    private BootState onDisk() throws Exception {
        return new BootStateFile(file).read();
    }

    @Test
    void firstBootEverWritesTheFactoryState() throws Exception {
        BootControl boot = device();
        assertThat(boot.state()).isEqualTo(BootState.factory(FACTORY));
        assertThat(file).as("state() alone writes nothing").doesNotExist();

        assertThat(boot.boot()).isEqualTo(BootControl.BootOutcome.NORMAL);
        BootState s = onDisk();
        assertThat(s).isEqualTo(BootState.factory(FACTORY));
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.activeContent()).isEqualTo(FACTORY);
        assertThat(device().boot()).as("a committed state boots normally").isEqualTo(BootControl.BootOutcome.NORMAL);
    }

    @Test
    void installedMakesTheNewSlotActiveAndUncommitted() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(1, NEW, 30);

        for (BootState s : new BootState[] {boot.state(), onDisk()}) {
            assertThat(s.activeSlot()).isEqualTo(1);
            assertThat(s.revertSlot()).isZero();
            assertThat(s.committed()).isFalse();
            assertThat(s.commitTimeout()).isEqualTo(30);
            assertThat(s.bootCount()).isZero();
            assertThat(s.slots()).containsEntry(0, FACTORY).containsEntry(1, NEW);
        }
        assertThat(boot.isCommitted()).isFalse();
    }

    @Test
    void anAgentInsideALaunchedAppAdoptsTheLaunchersDecisionWithoutASecondAttempt() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        assertThat(device().boot()).as("the launcher's decision").isEqualTo(BootControl.BootOutcome.TRIAL);
        assertThat(onDisk().bootCount()).isEqualTo(1);
        byte[] before = Files.readAllBytes(file);

        BootControl embedded = device();
        embedded.decidedByLauncher(true);
        assertThat(embedded.boot()).isEqualTo(BootControl.BootOutcome.TRIAL);
        assertThat(Files.readAllBytes(file)).as("no attempt consumed, nothing written").isEqualTo(before);
        assertThat(embedded.state().activeSlot()).isEqualTo(1);

        // once committed, the embedded agent sees a normal start
        assertThat(embedded.commit()).isTrue();
        BootControl next = device();
        next.decidedByLauncher(true);
        assertThat(next.boot()).isEqualTo(BootControl.BootOutcome.NORMAL);
    }

    @Test
    void everyStartOfTheUncommittedSlotConsumesOneAttemptBeforeItRuns() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        assertThat(onDisk().attemptsLeft()).isEqualTo(3);
        assertThat(onDisk().started()).isFalse();

        for (int left = 2; left >= 0; left--) {
            BootControl start = device();
            assertThat(start.boot()).as("a kill with attempts left is another try, not a verdict")
                    .isEqualTo(BootControl.BootOutcome.TRIAL);
            assertThat(onDisk().attemptsLeft()).as("written before the slot runs").isEqualTo(left);
            assertThat(onDisk().activeSlot()).isEqualTo(1);
            assertThat(onDisk().committed()).isFalse();
            assertThat(start.state().commitTimeout()).isEqualTo(30);
        }
    }

    @Test
    void aStartWithNoAttemptsLeftRevertsAndRecordsTheRejectedFirmware() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        for (int i = 0; i < 3; i++) {
            device().boot();
        }

        BootControl fourth = device();
        assertThat(fourth.boot()).isEqualTo(BootControl.BootOutcome.ATTEMPTS_EXHAUSTED);
        assertThat(fourth.lastRevertReason()).isEqualTo(RevertReason.ATTEMPTS_EXHAUSTED.text())
                .isEqualTo("Update reverted: boot attempts exhausted");
        BootState s = onDisk();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.revertSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.bootCount()).isZero();
        assertThat(s.rejected()).isEqualTo(NEW);
        assertThat(s.activeContent()).isEqualTo(FACTORY);
        assertThat(s.revertReason()).as("this start reported it").isNull();
        assertThat(device().boot()).isEqualTo(BootControl.BootOutcome.NORMAL);
    }

    @Test
    void boot_attemptsOneRevertsAtTheSecondStart() throws Exception {
        new BootControl(new BootStateFile(file), FACTORY, 1).boot();
        new BootControl(new BootStateFile(file), FACTORY, 1).installed(1, NEW, 30);
        assertThat(new BootControl(new BootStateFile(file), FACTORY, 1).boot())
                .isEqualTo(BootControl.BootOutcome.TRIAL);
        assertThat(new BootControl(new BootStateFile(file), FACTORY, 1).boot())
                .isEqualTo(BootControl.BootOutcome.ATTEMPTS_EXHAUSTED);
        assertThat(onDisk().activeSlot()).isZero();
    }

    @Test
    void aLegacyTombstoneCountsAsOneAttemptUsed() throws Exception {
        Files.writeString(file, "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":false,\"commit_timeout\":5,"
                + "\"first_boot_tried\":true,\"slots\":{\"0\":{\"version\":\"1.0\"},\"1\":{\"version\":\"1.1\"}}}");
        BootControl start = device();
        assertThat(start.boot()).as("the original reverted here; now it is attempt 2 of 3")
                .isEqualTo(BootControl.BootOutcome.TRIAL);
        assertThat(onDisk().bootCount()).isEqualTo(2);
        assertThat(onDisk().attemptsLeft()).isEqualTo(1);
        assertThat(Files.readString(file)).doesNotContain("first_boot_tried");
    }

    @Test
    void anInstallThatNeverBootedCannotBeCommitted() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(1, NEW, 30);
        byte[] before = Files.readAllBytes(file);
        assertThat(boot.commit()).as("commit right after install, before the reboot").isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        BootControl afterReboot = device();
        afterReboot.boot();
        assertThat(afterReboot.commit()).isTrue();
        assertThat(onDisk().committed()).isTrue();
        assertThat(onDisk().activeSlot()).isEqualTo(1);
    }

    @Test
    void revertsNameTheirReason() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        BootControl running = device();
        running.boot();
        assertThat(running.revert(RevertReason.HEALTH_CHECK_FAILED)).isTrue();
        assertThat(onDisk().revertReason()).isEqualTo("Update reverted: health check failed");
        BootControl next = device();
        assertThat(next.boot()).isEqualTo(BootControl.BootOutcome.AFTER_REVERT);
        assertThat(next.lastRevertReason()).isEqualTo("Update reverted: health check failed");
        assertThat(onDisk().revertReason()).isNull();
    }

    @Test
    void anInvalidStateIsRefusedByBootAndNothingIsWritten() throws Exception {
        Files.writeString(file, "null");
        assertThatThrownBy(() -> device().boot()).isInstanceOf(BootStateException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> device().verify()).isInstanceOf(BootStateException.class);
        assertThat(Files.readString(file)).as("never a silent reset to the factory state").isEqualTo("null");
    }

    @Test
    void commitTwiceReturnsFalseTheSecondTime() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        BootControl boot = device();
        boot.boot();

        assertThat(boot.commit()).isTrue();
        BootState s = onDisk();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.revertSlot()).isEqualTo(1);
        assertThat(s.committed()).isTrue();
        assertThat(s.commitTimeout()).isZero();
        assertThat(s.bootCount()).isZero();

        byte[] before = Files.readAllBytes(file);
        assertThat(boot.commit()).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(device().boot()).as("committed: no revert at the next start").isEqualTo(BootControl.BootOutcome.NORMAL);
    }

    @Test
    void revertWhenCommittedReturnsFalseAndWritesNothing() throws Exception {
        BootControl boot = device();
        boot.boot();
        byte[] before = Files.readAllBytes(file);
        assertThat(boot.revert(RevertReason.EXPLICIT)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void explicitRevertGoesBackToTheRevertSlot() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(1, NEW, 0);
        assertThat(boot.revert(RevertReason.EXPLICIT)).isTrue();
        BootState s = onDisk();
        assertThat(s.revertReason()).isEqualTo("Update reverted: explicit revert");
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected()).isEqualTo(NEW);
        assertThat(boot.revert(RevertReason.EXPLICIT)).isFalse();
    }

    @Test
    void secondUpdateGoesToTheOtherSlot() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(boot.state().inactiveSlot(), NEW, 0);
        boot = device();
        boot.boot();
        assertThat(boot.commit()).isTrue();
        assertThat(boot.state().inactiveSlot()).isZero();
        SlotContent third = new SlotContent("app", "ubuntu", "1.2", "b", "cd".repeat(32), 10L);
        boot.installed(boot.state().inactiveSlot(), third, 5);
        assertThat(onDisk().activeSlot()).isZero();
        assertThat(onDisk().revertSlot()).isEqualTo(1);
        assertThat(onDisk().slots()).containsEntry(0, third).containsEntry(1, NEW);
    }

    @Test
    void setCommitTimeoutIsPersisted() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(1, NEW, 0);
        boot.setCommitTimeout(120);
        assertThat(onDisk().commitTimeout()).isEqualTo(120);
        assertThat(onDisk().committed()).isFalse();
    }
}
