package io.camelota.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The read-back that overlaps the download, reading the medium with O_DIRECT (MediumReader, RangeVerifier). */
class OverlappedReadBackTest {

    private static final int RANGE = 64 * 1024;

    @TempDir
    Path dir;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 131 + (i >> 9));
        }
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static void writeInChunks(SlotWriter w, byte[] d, int chunk) throws IOException {
        for (int off = 0; off < d.length; off += chunk) {
            w.write(d, off, Math.min(chunk, d.length - off));
        }
    }

    /** Flips one byte on the medium: an O_DIRECT write goes to storage, as a failing block would return it. */
    private static void corruptOnDisk(Path slot, long at) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(2 * 4096).alignedSlice(4096);
        block.limit(4096);
        long start = at - at % 4096;
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.READ, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            long size = ch.size();
            ch.read(block, start);
            int i = (int) (at - start);
            block.put(i, (byte) (block.get(i) ^ 0x5a));
            ch.write(block.clear().limit(4096), start); // whole blocks only, then the file's own length again
            ch.truncate(size);
        }
    }

    private boolean directSupported() throws IOException {
        Path probe = Files.write(dir.resolve("probe"), new byte[4096]);
        try (MediumReader r = MediumReader.open(probe)) {
            return r.direct();
        }
    }

    @Test
    void everyRangeIsReadBackFromTheMediumWhileTheNextStreams() throws Exception {
        assumeTrue(directSupported(), "the temp dir's filesystem refuses O_DIRECT");
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(5 * RANGE + 1234); // an unaligned tail after five whole ranges
        List<long[]> checked = new ArrayList<>();
        CountDownLatch firstRangeChecked = new CountDownLatch(1);
        try (SlotWriter w = new SlotWriter(slot, 1 << 24, (long) d.length)) {
            w.verifyWhileWriting(SlotWriter.ReadBack.SHA256, RANGE, new RangeVerifier.Listener() {
                @Override
                public void checked(long from, long to, boolean ok) {
                    synchronized (checked) {
                        checked.add(new long[] {from, to, ok ? 1 : 0});
                    }
                    firstRangeChecked.countDown();
                }
            });
            w.write(d, 0, RANGE);
            w.write(d, RANGE, 1); // hands the first range over and starts the second
            // the first range is verified before the download goes on: nothing waits for the end
            assertThat(firstRangeChecked.await(30, TimeUnit.SECONDS)).isTrue();
            w.write(d, RANGE + 1, d.length - RANGE - 1);
            w.finish(sha256(d), SlotWriter.ReadBack.SHA256);
            assertThat(w.readBackBypassedCache()).isTrue();
        }
        assertThat(checked).extracting(r -> r[0]).containsExactly(0L, 65536L, 131072L, 196608L, 262144L, 327680L);
        assertThat(checked.get(checked.size() - 1)[1]).isEqualTo(d.length);
        assertThat(checked).allMatch(r -> r[2] == 1);
        assertThat(Files.readAllBytes(slot)).isEqualTo(d);
    }

    @Test
    void aCorruptedByteOnTheMediumStopsTheDownloadAtTheNextChunk() throws Exception {
        assumeTrue(directSupported(), "the temp dir's filesystem refuses O_DIRECT");
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(4 * RANGE);
        CountDownLatch refused = new CountDownLatch(1);
        try (SlotWriter w = new SlotWriter(slot, 1 << 24, (long) d.length)) {
            w.verifyWhileWriting(SlotWriter.ReadBack.CRC32C, RANGE, new RangeVerifier.Listener() {
                @Override
                public void beforeRead(long from, long to) throws IOException {
                    if (from == 0) {
                        corruptOnDisk(slot, 1000); // after the sync, before the read: the medium went bad
                    }
                }

                @Override
                public void checked(long from, long to, boolean ok) {
                    if (!ok) {
                        refused.countDown();
                    }
                }
            });
            w.write(d, 0, RANGE + 10);
            assertThat(refused.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> w.write(d, RANGE + 10, 100))
                    .isInstanceOf(SlotException.class)
                    .hasMessage("Read-back verify failed for slot1.img: bytes 0 to 65536 on the medium differ "
                            + "from what was written");
            assertThat(w.written()).isEqualTo(RANGE + 10); // the rest was never streamed
        }
    }

    @Test
    void aByteCorruptedAfterTheLastWriteFailsFinishInEachMode() throws Exception {
        for (SlotWriter.ReadBack mode : new SlotWriter.ReadBack[] {SlotWriter.ReadBack.SHA256,
                SlotWriter.ReadBack.CRC32C}) {
            Path slot = dir.resolve("slot-" + mode + ".img");
            byte[] d = data(3 * RANGE + 77);
            try (SlotWriter w = new SlotWriter(slot, 1 << 24, (long) d.length)) {
                w.verifyWhileWriting(mode, RANGE, new RangeVerifier.Listener() {
                    @Override
                    public void beforeRead(long from, long to) throws IOException {
                        if (to == d.length) {
                            corruptOnDisk(slot, d.length - 5); // in the tail, verified only in finish
                        }
                    }
                });
                writeInChunks(w, d, 10_000);
                assertThatThrownBy(() -> w.finish(sha256(d), mode))
                        .isInstanceOf(SlotException.class)
                        .hasMessageStartingWith("Read-back verify failed for slot-" + mode + ".img: bytes 196608 to");
            }
        }
    }

    @Test
    void sha256ModeRefusesContentThatIsNotTheManifestsEvenWhenEveryRangeMatchesWhatWasWritten() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(2 * RANGE + 5);
        try (SlotWriter w = new SlotWriter(slot, 1 << 24, (long) d.length)) {
            w.verifyWhileWriting(SlotWriter.ReadBack.SHA256, RANGE, RangeVerifier.Listener.NONE);
            writeInChunks(w, d, 65536);
            assertThatThrownBy(() -> w.finish("00".repeat(32), SlotWriter.ReadBack.SHA256))
                    .isInstanceOf(SlotException.class)
                    .hasMessage("Read-back verify failed for slot1.img: its SHA-256 differs from the manifest's "
                            + "00".repeat(32));
        }
    }

    @Test
    void mediumReaderReadsExactlyTheAskedUnalignedRange() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(3 * (1 << 20) + 999);
        Files.write(slot, d);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try (MediumReader r = MediumReader.open(slot)) {
            r.read(4097, d.length - 3, got::write);
        }
        assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(d, 4097, d.length - 3));
    }

    @Test
    void whereTheFilesystemRefusesODirectTheReadBackFallsBackToThePageCache() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] d = data(3 * (1 << 20) + 5);
        Files.write(slot, d);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        // tmpfs accepts O_DIRECT since Linux 6.6: an option this platform refuses stands for a refusing filesystem
        try (MediumReader r = MediumReader.open(slot, ExtendedOpenOption.NOSHARE_READ)) {
            assertThat(r.direct()).isFalse();
            r.read(0, d.length, got::write);
        }
        assertThat(got.toByteArray()).isEqualTo(d);
    }
}
