package io.camelota.flash;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.LoopDevice;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole install with slot 1 on a real block device (a loop device; skipped, saying why, without one). */
class BlockDeviceInstallTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.0", "f", null, null);

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LoopDevice loop;
    private BootControl boot;
    private SlotLayout slots;

    @BeforeEach
    void setUp() throws Exception {
        loop = LoopDevice.attach(dir, 4L << 20);
        boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")), FACTORY);
        boot.boot();
        // flash.slot_size of 1 MiB would refuse a 3 MiB part: the device's own 4 MiB must count
        slots = new SlotLayout(new Path[] {dir.resolve("slot0.img"), loop.device()}, null, 1 << 20);
    }

    @AfterEach
    void tearDown() throws Exception {
        scheduler.shutdownNow();
        if (loop != null) {
            loop.close();
        }
    }

    private Installer installer() {
        return new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(boot, new StatusBoard()), new StatusBoard(), slots, new InstallPolicy("ubuntu", List.of(), -1, true, true),
                scheduler, 30);
    }

    private static byte[] bundle(byte[] app) {
        return TestBundles.builder().version("1.1").buildId("b").part("app", "app", "fw.bin", app).build();
    }

    @Test
    void installsOntoTheDeviceBeyondFlashSlotSize() throws Exception {
        byte[] app = TestBundles.randomBytes(3 << 20, 11);
        byte[] zip = bundle(app);

        InstallResult r = installer().install(new InstallRequest(new ByteArrayInputStream(zip), (long) zip.length,
                true, 0, "t"));

        assertThat(r).isEqualTo(InstallResult.applied(1, "1.1"));
        assertThat(boot.state().activeSlot()).isEqualTo(1);
        assertThat(Arrays.copyOf(Files.readAllBytes(loop.backing()), app.length)).isEqualTo(app);
    }

    @Test
    void aMountedDeviceIsRefusedAndTheBootStateStays() throws Exception {
        loop.mountExt4(dir.resolve("mnt"));
        BootState before = boot.state();
        byte[] zip = bundle(TestBundles.randomBytes(1000, 3));

        assertThatThrownBy(() -> installer().install(new InstallRequest(new ByteArrayInputStream(zip),
                (long) zip.length, true, 0, "t")))
                .isInstanceOf(UpdateFailure.class).hasMessageContaining("is mounted at");
        assertThat(boot.state()).as("only the target is out of the choice now").isIn(before, before.writing(1));
    }
}
