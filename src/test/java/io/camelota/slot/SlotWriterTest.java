package io.camelota.slot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotWriterTest {

    @TempDir
    Path dir;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void writesInChunksAndVerifies() throws Exception {
        Path slot = dir.resolve("nested/slot1.img");
        byte[] d = data(3 * 65536 + 17);
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            for (int off = 0; off < d.length; off += 65536) {
                w.write(d, off, Math.min(65536, d.length - off));
            }
            w.finish(sha256(d), true);
            assertThat(w.written()).isEqualTo(d.length);
        }
        assertThat(Files.readAllBytes(slot)).isEqualTo(d);
    }

    @Test
    void refusesAKnownOversizePartBeforeTouchingTheSlot() {
        Path slot = dir.resolve("slot1.img");
        assertThatThrownBy(() -> new SlotWriter(slot, 100, 101L))
                .isInstanceOf(SlotException.class)
                .hasMessage("Part too large for slot: 101 > 100 bytes");
        assertThat(slot).doesNotExist();
    }

    @Test
    void exactCapacityFits() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(100);
        try (SlotWriter w = new SlotWriter(slot, 100, 100L)) {
            w.write(d, 0, d.length);
            w.finish(sha256(d), true);
        }
        assertThat(Files.size(slot)).isEqualTo(100);
    }

    @Test
    void unknownSizeStopsAtCapacityWithoutWritingPastIt() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(150);
        try (SlotWriter w = new SlotWriter(slot, 100, null)) {
            w.write(d, 0, 80);
            assertThatThrownBy(() -> w.write(d, 80, 70))
                    .isInstanceOf(SlotException.class)
                    .hasMessage("Part too large for slot: more than 100 bytes");
            assertThat(w.written()).isEqualTo(80);
            w.force(); // writes are asynchronous until a force or finish
        }
        assertThat(Files.size(slot)).isEqualTo(80);
    }

    @Test
    void readBackDetectsASlotThatDoesNotHoldWhatWasWritten() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(5000);
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            w.write(d, 0, d.length);
            w.force(); // the bytes are in the file (writes are asynchronous until then)
            // something else changes the slot between the write and the verify (bad medium, another writer)
            try (var other = java.nio.channels.FileChannel.open(slot, java.nio.file.StandardOpenOption.WRITE)) {
                other.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (d[100] ^ 0xff)}), 100);
            }
            assertThatThrownBy(() -> w.finish(sha256(d), true))
                    .isInstanceOf(SlotException.class)
                    .hasMessageStartingWith("Read-back verify failed for slot1.img");
        }
    }

    @Test
    void noReadBackMeansNoVerify() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(5000);
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            w.write(d, 0, d.length);
            w.finish("00".repeat(32), false);
        }
        assertThat(Files.readAllBytes(slot)).isEqualTo(d);
    }

    @Test
    void crc32cReadBackAlsoDetectsAChangedSlotAndPassesAnIntactOne() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(5000);
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            w.write(d, 0, d.length);
            w.force();
            try (var other = java.nio.channels.FileChannel.open(slot, java.nio.file.StandardOpenOption.WRITE)) {
                other.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (d[7] ^ 0x01)}), 7);
            }
            assertThatThrownBy(() -> w.finish(sha256(d), SlotWriter.ReadBack.CRC32C))
                    .isInstanceOf(SlotException.class);
        }
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            w.write(d, 0, d.length);
            w.finish(sha256(d), SlotWriter.ReadBack.CRC32C);
        }
        assertThat(Files.readAllBytes(slot)).isEqualTo(d);
    }

    @Test
    void readBackPassesForAnIntactSlot() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(10);
        try (SlotWriter w = new SlotWriter(slot, 100, 10L)) {
            w.write(d, 0, d.length);
            w.finish(sha256(d), true);
        }
        assertThat(SlotWriter.sha256(slot, 10)).isEqualTo(sha256(d));
    }

    @Test
    void overwritesALargerExistingImageAndTrimsIt() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] old = new byte[20_000];
        Arrays.fill(old, (byte) 0x5A);
        Files.write(slot, old);
        byte[] d = data(3000);
        try (SlotWriter w = new SlotWriter(slot, 1 << 20, (long) d.length)) {
            w.write(d, 0, d.length);
            w.finish(sha256(d), true);
        }
        assertThat(Files.size(slot)).isEqualTo(3000);
        assertThat(Files.readAllBytes(slot)).isEqualTo(d);
    }

    @Test
    void sha256HashesOnlyThePrefix() throws Exception {
        Path slot = dir.resolve("slot0.img");
        byte[] d = data(10_000);
        Files.write(slot, d);
        assertThat(SlotWriter.sha256(slot, 4000)).isEqualTo(sha256(Arrays.copyOf(d, 4000)));
        assertThat(SlotWriter.sha256(slot, d.length)).isEqualTo(sha256(d));
        assertThat(SlotWriter.sha256(slot, 0)).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void slotLayoutNeedsTwoAppSlotsAndPairedFsSlots() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertThatThrownBy(() -> new SlotLayout(new Path[] {a}, null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlotLayout(new Path[] {a, b}, new Path[] {a}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        SlotLayout noFs = new SlotLayout(new Path[] {a, b}, null, 1);
        assertThat(noFs.appSlot(1)).isEqualTo(b);
        assertThat(noFs.fsSlot(0)).isEmpty();
        SlotLayout withFs = new SlotLayout(new Path[] {a, b}, new Path[] {b, a}, 1);
        assertThat(withFs.fsSlot(0)).contains(b);
    }
}
