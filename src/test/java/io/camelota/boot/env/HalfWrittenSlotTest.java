package io.camelota.boot.env;

import static io.camelota.boot.env.EnvDevice.V11;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.camelota.boot.BootControl;
import io.camelota.boot.SlotContent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device committed on B installs the next update into A (the previously good slot) and is killed at
 * every point of that install in turn: before each durable write, and while the slot's bytes stream (after
 * the last write before them). Then B fails every boot (a watchdog reset before the agent runs, a power
 * supply fault): the bootloader, running RAUC's boot script, must never pick the half-written A.
 */
class HalfWrittenSlotTest {

    private static final SlotContent V12 = new SlotContent("app", "ubuntu", "1.2", "b12", "cd".repeat(32), 100L);

    @TempDir
    Path dir;

    /** Fresh device: factory A, 1.1 installed into B, booted and committed. */
    private EnvDevice committedOnB(EnvDevice.Kind kind, Path where) throws Exception {
        EnvDevice d = new EnvDevice(kind, where);
        d.powerOn();
        BootControl a = d.agent();
        a.boot();
        a.beginWrite(1);
        a.installed(1, V11, 60);
        assertThat(d.powerOn()).isEqualTo("B");
        BootControl b = d.agent();
        assertThat(b.boot()).isEqualTo(BootControl.BootOutcome.TRIAL);
        assertThat(b.commit()).isTrue();
        assertThat(d.powerOn()).isEqualTo("B");
        d.agent().boot();
        return d;
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void aKilledInstallIntoTheGoodSlotNeverBecomesTheFallback(EnvDevice.Kind kind) throws Exception {
        int writes = installIntoA(committedOnB(kind, Files.createDirectory(dir.resolve("uncut"))), Integer.MAX_VALUE);
        assertThat(writes).as("durable writes of one install").isGreaterThanOrEqualTo(3);
        List<String> checked = new ArrayList<>();
        // cut k = killed before the k-th write. Cut 0 (before the mark-bad write) is left out: nothing of the
        // slot has been touched then (the Installer writes its first byte only after the mark), so booting A
        // is booting intact 1.0. Every later cut includes a kill while the bytes stream.
        for (int k = 1; k < writes; k++) {
            EnvDevice d = committedOnB(kind, Files.createDirectory(dir.resolve("cut" + k)));
            installIntoA(d, k);
            for (int boot = 0; boot < 12; boot++) {
                // U-Boot retries B (its counts reset for the slots in the order); GRUB boots B or, with B's
                // try used, its rescue entry: either way never A
                assertThat(d.powerOn()).as("cut before write %d, boot %d: B fails, the half-written A must not boot",
                        k, boot).isNotEqualTo("A");
            }
            checked.add("cut " + k);
        }
        assertThat(checked).hasSize(writes - 1);
    }

    /** The install as the Installer does it; killed before write {@code cutAt}. Returns the writes it made. */
    private static int installIntoA(EnvDevice d, int cutAt) throws Exception {
        BootControl agent = d.agent();
        d.cut.armAt(cutAt == Integer.MAX_VALUE ? -1 : cutAt);
        int before = d.cut.writes();
        try {
            agent.beginWrite(0);
            // the slot's bytes stream here; a kill now leaves a half-written A
            if (cutAt == d.cut.writes() - before) {
                return -1;
            }
            agent.installed(0, V12, 60);
        } catch (PowerCut.Cut killed) {
            return -1;
        }
        return d.cut.writes() - before;
    }
}
