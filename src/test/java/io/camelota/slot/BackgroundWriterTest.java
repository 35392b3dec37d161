package io.camelota.slot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundWriterTest {

    @TempDir
    Path dir;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + (i >> 11));
        }
        return b;
    }

    private static long crc(byte[] d, long from, long to, long base) {
        CRC32C c = new CRC32C();
        c.update(d, (int) (from - base), (int) (to - from));
        return c.getValue();
    }

    @Test
    void writesAtTheStartPositionAndReportsEachRangeWithTheCrcOfItsBytes() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(10_000);
        List<long[]> ranges = new ArrayList<>();
        // a resumed part: writing starts at 1000, so the first range is short and ends at the first boundary
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             BackgroundWriter w = new BackgroundWriter(ch, 1000, 4096,
                     (from, to, crc) -> ranges.add(new long[] {from, to, crc}), "slot1.img")) {
            for (int off = 0; off < d.length; off += 777) {
                w.write(d, off, Math.min(777, d.length - off));
            }
            w.flush();
            assertThat(w.tailStart()).isEqualTo(8192);
            assertThat(w.tailCrc()).isEqualTo(crc(d, 8192, 11_000, 1000));
        }
        assertThat(ranges).extracting(r -> r[0] + "-" + r[1]).containsExactly("1000-4096", "4096-8192");
        assertThat(ranges.get(0)[2]).isEqualTo(crc(d, 1000, 4096, 1000));
        assertThat(ranges.get(1)[2]).isEqualTo(crc(d, 4096, 8192, 1000));
        byte[] file = Files.readAllBytes(slot);
        assertThat(Arrays.copyOfRange(file, 1000, 11_000)).isEqualTo(d);
    }

    @Test
    void aFailedWriteIsReportedToTheStreamingThread() throws Exception {
        Path slot = Files.write(dir.resolve("slot1.img"), new byte[0]);
        byte[] d = data(3 * BackgroundWriter.BUFFER_BYTES);
        // a channel that cannot write stands for a failing device
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.READ);
             BackgroundWriter w = new BackgroundWriter(ch, 0, 32L << 20, (from, to, crc) -> { }, "slot1.img")) {
            // the failure surfaces at the next write or at the flush, whichever comes first
            assertThatThrownBy(() -> {
                w.write(d, 0, d.length);
                w.flush();
            }).isInstanceOf(IOException.class).hasMessageStartingWith("Cannot write slot");
            assertThatThrownBy(() -> w.write(d, 0, 10)).isInstanceOf(IOException.class);
        }
        assertThat(Files.size(slot)).isZero();
    }
}
