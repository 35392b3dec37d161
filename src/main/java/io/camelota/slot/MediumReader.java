package io.camelota.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ranges of a slot from the medium, not from the page cache: the file is opened with O_DIRECT and read
 * into a block-aligned direct buffer at block-aligned offsets, so a read-back after fsync proves what the
 * storage returns, not the kernel's copy of what was written. Where the filesystem refuses O_DIRECT (tmpfs,
 * some FUSE and network filesystems) it says so once in the log and reads through the page cache instead.
 */
public final class MediumReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediumReader.class);
    /** Bytes per read: large enough that the device streams, small enough for a 48 MiB heap. */
    static final int BUFFER_BYTES = 1 << 20;
    /** O_DIRECT needs offsets and lengths aligned to the logical block size; 4 KiB covers 512-byte devices too. */
    private static final int MIN_ALIGN = 4096;

    /** Receives consecutive blocks of a range; the array is reused after the call. */
    @FunctionalInterface
    public interface BlockSink {
        void accept(byte[] buf, int off, int len);
    }

    private final Path slot;
    private FileChannel channel;
    private boolean direct;
    private final int align;
    private final ByteBuffer buffer;
    private final byte[] heap = new byte[BUFFER_BYTES];

    private MediumReader(Path slot, FileChannel channel, boolean direct, int align) {
        this.slot = slot;
        this.channel = channel;
        this.direct = direct;
        this.align = align;
        this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + align).alignedSlice(align);
    }

    /** Opens {@code slot} for reading, bypassing the page cache where the filesystem allows it. */
    public static MediumReader open(Path slot) throws IOException {
        return open(slot, ExtendedOpenOption.DIRECT);
    }

    /** Seam: tests pass an option this platform refuses to see the fallback. */
    static MediumReader open(Path slot, OpenOption direct) throws IOException {
        int align = alignment(slot);
        try {
            return new MediumReader(slot, FileChannel.open(slot, StandardOpenOption.READ, direct), true, align);
        } catch (IOException | UnsupportedOperationException e) {
            refused(slot, e);
            return new MediumReader(slot, FileChannel.open(slot, StandardOpenOption.READ), false, align);
        }
    }

    /** True while reads bypass the page cache. */
    public boolean direct() {
        return direct;
    }

    /** Feeds bytes {@code from} (inclusive) to {@code to} (exclusive) of the slot to {@code sink}, in order. */
    public void read(long from, long to, BlockSink sink) throws IOException {
        long pos = from - Math.floorMod(from, align);
        while (pos < to) {
            buffer.clear();
            int n = readAt(pos);
            if (n <= 0) {
                throw new SlotException("Read-back of " + slot.getFileName() + " ended at byte " + pos + " of " + to);
            }
            // the aligned read may start before `from` and end after `to`: only the asked bytes count
            int skip = (int) Math.max(0, from - pos);
            int use = (int) Math.min(n, to - pos) - skip;
            if (use > 0) {
                buffer.position(skip).limit(skip + use);
                buffer.get(heap, 0, use);
                sink.accept(heap, 0, use);
            }
            pos += n;
        }
    }

    private int readAt(long pos) throws IOException {
        try {
            return channel.read(buffer, pos);
        } catch (IOException e) {
            if (!direct) {
                throw e;
            }
            // some filesystems accept O_DIRECT at open and refuse the read (EINVAL): fall back once
            refused(slot, e);
            channel.close();
            channel = FileChannel.open(slot, StandardOpenOption.READ);
            direct = false;
            buffer.clear();
            return channel.read(buffer, pos);
        }
    }

    private static void refused(Path slot, Exception e) {
        LOG.warn("read-back of {} goes through the page cache: the filesystem refuses O_DIRECT ({}), so it proves "
                + "the kernel's copy, not the medium", slot, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static int alignment(Path slot) {
        try {
            long block = Files.getFileStore(slot).getBlockSize();
            // alignedSlice needs a power of two
            return (int) Math.max(MIN_ALIGN, Long.highestOneBit(Math.min(block, BUFFER_BYTES)));
        } catch (IOException | UnsupportedOperationException e) {
            return MIN_ALIGN;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
