package io.camelota.boot;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
        return new BootControl(new FileBootloader(file), FACTORY);
    }

    private BootState onDisk() throws Exception {
        return new FileBootloader(file).read();
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
            assertThat(s.firstBootTried()).isFalse();
            assertThat(s.slots()).containsEntry(0, FACTORY).containsEntry(1, NEW);
        }
        assertThat(boot.isCommitted()).isFalse();
    }

    @Test
    void firstBootOfTheNewSlotSetsTheTombstone() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);

        BootControl afterReboot = device();
        assertThat(afterReboot.boot()).isEqualTo(BootControl.BootOutcome.FIRST_BOOT);
        assertThat(onDisk().firstBootTried()).isTrue();
        assertThat(onDisk().activeSlot()).isEqualTo(1);
        assertThat(afterReboot.state().commitTimeout()).isEqualTo(30);
    }

    @Test
    void bootAgainWithoutCommitRevertsAndRecordsTheRejectedFirmware() throws Exception {
        device().boot();
        device().installed(1, NEW, 30);
        device().boot();

        BootControl secondStart = device();
        assertThat(secondStart.boot()).isEqualTo(BootControl.BootOutcome.REVERTED_UNCOMMITTED);
        BootState s = onDisk();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.revertSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.firstBootTried()).isFalse();
        assertThat(s.rejected()).isEqualTo(NEW);
        assertThat(s.activeContent()).isEqualTo(FACTORY);
        assertThat(device().boot()).isEqualTo(BootControl.BootOutcome.NORMAL);
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
        assertThat(s.firstBootTried()).isFalse();

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
        assertThat(boot.revert()).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void explicitRevertGoesBackToTheRevertSlot() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(1, NEW, 0);
        assertThat(boot.revert()).isTrue();
        BootState s = onDisk();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected()).isEqualTo(NEW);
        assertThat(boot.revert()).isFalse();
    }

    @Test
    void secondUpdateGoesToTheOtherSlot() throws Exception {
        BootControl boot = device();
        boot.boot();
        boot.installed(boot.state().inactiveSlot(), NEW, 0);
        boot.commit();
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
