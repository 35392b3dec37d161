package io.camelota.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32C;

/**
 * Writes a slot from a thread of its own, so that the streaming thread (socket read, CRC-32, SHA-256) does not
 * also pay for the copy into the page cache: each chunk is copied into one of a few direct buffers (the copy the
 * JDK would make anyway for a heap buffer) and the streaming thread carries on while the previous buffer is
 * written. The buffers never span a range boundary; when a range is completely written, its CRC-32C (of the
 * bytes handed to the file) is reported, which is what the read-back compares the medium against.
 * Memory is bounded: {@link #BUFFERS} × {@link #BUFFER_BYTES} direct bytes, and the streaming thread waits
 * for a free buffer when the disk is slower than the network.
 */
final class BackgroundWriter implements AutoCloseable {

    static final int BUFFER_BYTES = 1 << 20;
    static final int BUFFERS = 3;

    /** Told about each completely written range, on the writer thread, in order. */
    @FunctionalInterface
    interface RangeSink {
        void range(long from, long to, long crc32c);
    }

    /**
     * A buffer to write at a file position, or (buffer null) a marker: everything before it was written, so
     * {@code done} is counted down and {@code then} (if any) runs, on the writer thread.
     */
    private record Job(ByteBuffer buffer, long position, CountDownLatch done, Runnable then) {
    }

    private final FileChannel channel;
    private final long rangeBytes;
    private final RangeSink ranges;
    /** False when nothing reads the medium back: the per-range CRC-32C is then not computed at all. */
    private final boolean checksums;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Job> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean closed;
    // streaming thread only
    private ByteBuffer current;
    private long currentStart;
    // writer thread only (read by the streaming thread after a flush: the latch orders it)
    private final CRC32C crc = new CRC32C();
    private long rangeStart;

    BackgroundWriter(FileChannel channel, long position, long rangeBytes, RangeSink ranges, String name) {
        this(channel, position, rangeBytes, ranges, name, true);
    }

    /** {@code checksums} false: ranges are still reported, with a CRC of 0 (no read-back will compare it). */
    BackgroundWriter(FileChannel channel, long position, long rangeBytes, RangeSink ranges, String name,
                     boolean checksums) {
        this.checksums = checksums;
        this.channel = channel;
        this.rangeBytes = rangeBytes;
        this.ranges = ranges;
        this.currentStart = position;
        this.rangeStart = position;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(BUFFER_BYTES));
        }
        thread = new Thread(this::run, "slot-write " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies {@code len} bytes at the next file position; may wait for a free buffer. */
    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            throwIfFailed();
            if (current == null) {
                current = take();
                // a buffer ends at the next range boundary, so a range's CRC is complete when its last buffer is
                long boundary = (currentStart / rangeBytes + 1) * rangeBytes;
                current.clear().limit((int) Math.min(BUFFER_BYTES, boundary - currentStart));
            }
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
            if (!current.hasRemaining()) {
                dispatch();
            }
        }
    }

    /** Waits until every byte handed over is in the file (not yet synced); rethrows a write failure. */
    void flush() throws IOException {
        if (current != null) {
            dispatch();
        }
        CountDownLatch done = new CountDownLatch(1);
        work.add(new Job(null, 0, done, null));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the slot was being written");
        }
        throwIfFailed();
    }

    /**
     * Runs {@code then} on the writer thread once every byte handed over so far is in the file, without waiting
     * for it here: the streaming thread goes on (a resume checkpoint syncs and saves from there, see SlotWriter).
     */
    void afterWritten(Runnable then) {
        if (current != null) {
            dispatch();
        }
        work.add(new Job(null, 0, null, then));
    }

    /** Start of the range not yet reported, and the CRC-32C of its bytes: valid after {@link #flush}. */
    long tailStart() {
        return rangeStart;
    }

    long tailCrc() {
        return crc.getValue();
    }

    private void dispatch() {
        current.flip();
        long start = currentStart;
        // counted before the hand-over: from then on the writer thread moves the buffer's position
        currentStart += current.remaining();
        work.add(new Job(current, start, null, null));
        current = null;
    }

    private ByteBuffer take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to write the slot");
        }
    }

    private void run() {
        while (!closed) {
            Job job;
            try {
                job = work.take();
            } catch (InterruptedException e) {
                return; // close()
            }
            if (job.buffer() == null) {
                if (job.then() != null && failure == null) {
                    job.then().run();
                }
                if (job.done() != null) {
                    job.done().countDown();
                }
                continue;
            }
            ByteBuffer buf = job.buffer();
            try {
                if (failure == null) {
                    if (checksums) {
                        crc.update(buf.duplicate());
                    }
                    long pos = job.position();
                    while (buf.hasRemaining()) {
                        pos += channel.write(buf, pos);
                    }
                    if (pos % rangeBytes == 0) {
                        ranges.range(rangeStart, pos, crc.getValue());
                        rangeStart = pos;
                        crc.reset();
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            } finally {
                free.add(buf.clear());
            }
        }
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f instanceof SlotException ? new SlotException(f.getMessage())
                    : new IOException("Cannot write slot: " + f.getMessage(), f);
        }
    }

    /** Stops the writer thread; bytes not yet flushed are dropped (the slot is abandoned or already flushed). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
