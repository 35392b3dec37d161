package io.camelota.flash;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;

/**
 * A booted device on real files for the Installer's tests: its boot record, a status board holding the
 * attempt "t", two 1 MiB file slots, and the Installer as the flash: producer builds it.
 */
final class InstallerDevice implements AutoCloseable {

    final BootControl boot;
    final StatusBoard board = new StatusBoard();
    final SlotLayout slots;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    InstallerDevice(Path dir, SlotContent factory) throws IOException {
        boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")), factory);
        boot.boot();
        board.tryBegin("t", "test");
        slots = new SlotLayout(new Path[] {dir.resolve("slot0.img"), dir.resolve("slot1.img")}, null, 1 << 20);
    }

    /** Installs {@code zip} as a poll would (same-version check on), under {@code policy}. */
    InstallResult install(byte[] zip, InstallPolicy policy) {
        return new Installer(UpdateLifecycle.forBootedDevice(boot, board), board, slots, policy, scheduler, 5)
                .install(new InstallRequest(new ByteArrayInputStream(zip), (long) zip.length, true, 0, "t"));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
