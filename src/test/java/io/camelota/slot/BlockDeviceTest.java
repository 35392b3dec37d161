package io.camelota.slot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Block-device slots on a real loop device (skipped, saying why, where loop devices are unavailable). */
class BlockDeviceTest {

    private static final long DEVICE_SIZE = 3L << 20;

    @TempDir
    Path dir;
    LoopDevice loop;

    @BeforeEach
    void attach() throws Exception {
        loop = LoopDevice.attach(dir, DEVICE_SIZE);
    }

    @AfterEach
    void detach() throws Exception {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void aLoopDeviceIsABlockDeviceOfItsOwnSize() throws Exception {
        assertThat(BlockDevice.isBlockDevice(loop.device())).isTrue();
        assertThat(BlockDevice.isBlockDevice(loop.backing())).as("its backing file is not").isFalse();
        assertThat(BlockDevice.isBlockDevice(dir.resolve("absent"))).isFalse();
        assertThat(BlockDevice.of(loop.device()).size()).isEqualTo(DEVICE_SIZE);
        assertThat(BlockDevice.of(loop.device()).number()).matches("\\d+:\\d+");

        SlotLayout layout = new SlotLayout(new Path[] {dir.resolve("slot0.img"), loop.device()}, null, 1 << 20);
        assertThat(layout.capacity(loop.device())).as("the device's size, not flash.slot_size").isEqualTo(DEVICE_SIZE);
        assertThat(layout.capacity(dir.resolve("slot0.img"))).isEqualTo(1 << 20);
        assertThat(layout.largestCapacity()).isEqualTo(DEVICE_SIZE);
    }

    @Test
    void writesFsyncsAndReadsBackOnTheDevice() throws Exception {
        byte[] part = new byte[(int) (2.5 * (1 << 20))];
        new Random(7).nextBytes(part);
        try (SlotWriter w = new SlotWriter(loop.device(), BlockDevice.of(loop.device()).size(), (long) part.length)) {
            w.write(part, 0, part.length);
            w.finish(sha256(part), SlotWriter.ReadBack.SHA256);
        }
        byte[] onDisk = Files.readAllBytes(loop.backing());
        assertThat(onDisk.length).as("a device is never truncated").isEqualTo(DEVICE_SIZE);
        assertThat(Arrays.copyOf(onDisk, part.length)).isEqualTo(part);
    }

    @Test
    void aPartLargerThanTheDeviceIsRefusedBeforeWriting() throws Exception {
        long size = BlockDevice.of(loop.device()).size();
        assertThatThrownBy(() -> new SlotWriter(loop.device(), size, size + 1).close())
                .isInstanceOf(SlotException.class).hasMessageContaining("too large");
        try (SlotWriter w = new SlotWriter(loop.device(), size, null)) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 3; i++) {
                w.write(block, 0, block.length);
            }
            assertThatThrownBy(() -> w.write(block, 0, 1)).isInstanceOf(SlotException.class);
        }
    }

    @Test
    void aMountedDeviceIsRefusedAndStaysIntact() throws Exception {
        Path mnt = loop.mountExt4(dir.resolve("mnt"));
        Files.writeString(mnt.resolve("precious.txt"), "keep me");
        byte[] before = Files.readAllBytes(loop.device());

        assertThatThrownBy(() -> new SlotWriter(loop.device(), DEVICE_SIZE, null).close())
                .isInstanceOf(SlotException.class).hasMessageContaining("is mounted at " + mnt);
        assertThat(Files.readAllBytes(loop.device())).isEqualTo(before);
        assertThat(Files.readString(mnt.resolve("precious.txt"))).isEqualTo("keep me");
    }

    @Test
    void theRunningRootIsRefused() throws Exception {
        String number = BlockDevice.of(loop.device()).number();
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                + "27 1 " + number + " / / rw,relatime - ext4 /dev/root rw\n");
        BlockDevice dev = new BlockDevice(loop.device(), Path.of("/sys/dev/block"), mountinfo);
        assertThatThrownBy(dev::requireUnused).isInstanceOf(SlotException.class)
                .hasMessageContaining("running root filesystem");

        // the same device named by its source path only (a mount listed with another device number)
        Files.writeString(mountinfo, "30 27 0:99 / /media/usb\\040stick rw - ext4 " + loop.device() + " rw\n");
        assertThatThrownBy(new BlockDevice(loop.device(), Path.of("/sys/dev/block"), mountinfo)::requireUnused)
                .hasMessageContaining("is mounted at /media/usb stick");
    }

    @Test
    void aMountedPartitionOrAStackedDeviceIsRefused() throws Exception {
        String number = BlockDevice.of(loop.device()).number();
        Path sysfs = dir.resolve("sys");
        Path partition = Files.createDirectories(sysfs.resolve(number).resolve("loopXp1"));
        Files.writeString(partition.resolve("partition"), "1\n");
        Files.writeString(partition.resolve("dev"), "259:7\n");
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, "31 27 259:7 / /data rw - ext4 /dev/loopXp1 rw\n");
        assertThatThrownBy(new BlockDevice(loop.device(), sysfs, mountinfo)::requireUnused)
                .hasMessageContaining("is mounted at /data");

        Files.writeString(mountinfo, "");
        new BlockDevice(loop.device(), sysfs, mountinfo).requireUnused();
        Files.createDirectories(sysfs.resolve(number).resolve("holders").resolve("dm-0"));
        assertThatThrownBy(new BlockDevice(loop.device(), sysfs, mountinfo)::requireUnused)
                .hasMessageContaining("in use by dm-0");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
