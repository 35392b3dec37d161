package io.camelota.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import io.camelota.boot.OwnerOnly;
import io.camelota.bundle.PartSink;

/**
 * Writes one part into one (inactive) slot: the chunks the bundle reader hands over are written by a
 * {@link BackgroundWriter} thread; {@link #finish} forces them to storage and reads the slot back from the
 * medium ({@link MediumReader}, O_DIRECT) to prove that it holds what was verified. Opened with
 * {@link #open(Path, long, Long, ReadBack)}, the read-back overlaps the download: every {@link #RANGE_BYTES}
 * range is synced and read back by a {@link RangeVerifier} while the next one streams, and a range that
 * does not match stops the download at the next chunk. Nothing here ever marks the slot bootable: that
 * is the boot state's job, after every part is verified.
 */
public final class SlotWriter implements PartSink, AutoCloseable {

    private static final int READ_BACK_BUFFER = 1 << 20;
    /**
     * Bytes per overlapped read-back range: each is synced and read back while the next streams. What is left
     * once the last byte arrived is one range's sync, read and hash, so smaller ranges end an install sooner;
     * each costs one fdatasync more (16 MiB: 16 per 256 MiB, cheap for an overwrite).
     */
    static final long RANGE_BYTES = 16L << 20;

    private final Path slot;
    private final long capacity;
    private final FileChannel channel;
    private long written;
    private long rangeBytes = RANGE_BYTES;
    private BackgroundWriter background;
    /** Verifies ranges while the download goes on (null: everything is read back in {@link #finish}). */
    private RangeVerifier verifier;
    private RangeVerifier.Listener listener = RangeVerifier.Listener.NONE;
    /** Ranges written (from, to, CRC-32C of the bytes handed to the file) and not yet given to a verifier. */
    private final Queue<long[]> unverified = new ConcurrentLinkedQueue<>();
    /** False once opened with {@link ReadBack#OFF}: no range CRC is computed for a read-back that never comes. */
    private boolean checksums = true;
    /** Syncs for {@link #whenDurable} (a resume checkpoint), off the streaming thread; made on first use. */
    private ExecutorService syncer;
    /** Syncs handed to {@link #syncer} so far (by the writer thread): only the newest one runs. */
    private final AtomicLong syncsQueued = new AtomicLong();

    /** What runs once the bytes written before it are on storage (a resume checkpoint's save). */
    @FunctionalInterface
    public interface DurableAction {
        void run() throws IOException;
    }

    /** Opens the slot for writing; refuses a part that is known to be larger than the slot before any byte is written. */
    public SlotWriter(Path slot, long capacity, Long expectedSize) throws IOException {
        if (expectedSize != null && expectedSize > capacity) {
            throw new SlotException("Part too large for slot: " + expectedSize + " > " + capacity + " bytes");
        }
        if (BlockDevice.isBlockDevice(slot)) {
            BlockDevice.of(slot).requireUnused();  // never overwrite a mounted filesystem or the running root
        }
        this.slot = slot;
        this.capacity = capacity;
        if (slot.getParent() != null) {
            OwnerOnly.createDirectories(slot.getParent());
        }
        // No TRUNCATE: a block device cannot be truncated; a file slot is trimmed in finish().
        // A slot file the agent creates is 0600 whatever the umask; an existing one (a block device) keeps its mode.
        boolean created = !Files.exists(slot);
        this.channel = FileChannel.open(slot, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                OwnerOnly.file());
        if (created) {
            OwnerOnly.restrictFile(slot);
        }
    }

    /**
     * Opens the slot for a part whose read-back ({@code mode}) overlaps the download: the default of an install.
     * {@link #finish} must then be given the same mode.
     */
    public static SlotWriter open(Path slot, long capacity, Long expectedSize, ReadBack mode) throws IOException {
        SlotWriter w = new SlotWriter(slot, capacity, expectedSize);
        w.verifyWhileWriting(mode, RANGE_BYTES, RangeVerifier.Listener.NONE);
        return w;
    }

    /** Package-private seam: smaller ranges and a listener let tests corrupt the medium between two ranges. */
    void verifyWhileWriting(ReadBack mode, long rangeBytes, RangeVerifier.Listener listener) {
        this.rangeBytes = rangeBytes;
        this.listener = listener;
        checksums = mode != ReadBack.OFF;
        if (mode != ReadBack.OFF) {
            verifier = new RangeVerifier(slot, channel, mode, listener);
        }
    }

    /**
     * Reopens a slot whose first {@code offset} bytes a broken attempt wrote (and forced): they are read
     * back once, into the read-back CRC and into {@code prefix} (the bundle reader re-hashes them), and
     * writing continues right after them.
     */
    public static SlotWriter resume(Path slot, long capacity, Long expectedSize, long offset, PartSink prefix)
            throws IOException {
        return resume(slot, capacity, expectedSize, offset, prefix, null);
    }

    /** As {@link #resume(Path, long, Long, long, PartSink)}, with the read-back overlapping the download. */
    public static SlotWriter resume(Path slot, long capacity, Long expectedSize, long offset, PartSink prefix,
                                    ReadBack mode) throws IOException {
        if (!Files.exists(slot) || (Files.isRegularFile(slot) && Files.size(slot) < offset) || offset > capacity) {
            throw new SlotException("Cannot resume " + slot.getFileName() + ": it holds less than " + offset + " bytes");
        }
        SlotWriter w = new SlotWriter(slot, capacity, expectedSize);
        if (mode != null) {
            w.verifyWhileWriting(mode, RANGE_BYTES, RangeVerifier.Listener.NONE);
        }
        CRC32C prefixCrc = new CRC32C();
        try {
            readSlot(slot, offset, (b, off, len) -> {
                prefixCrc.update(b, off, len);
                try {
                    prefix.write(b, off, len);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            w.close();
            throw e.getCause();
        }
        w.written = offset;
        // the prefix is read back from the medium like any other range
        w.rangeWritten(0, offset, prefixCrc.getValue());
        return w;
    }

    /** Makes everything written so far durable (before a resume checkpoint claims it). */
    public void force() throws IOException {
        if (background != null) {
            background.flush();
        }
        channel.force(true);
    }

    /**
     * Syncs everything written so far and then runs {@code action}, both on a thread of their own, so that the
     * download goes on during the fsync instead of stalling for it (a resume checkpoint: its claim must be on
     * storage before it is saved). When several are waiting for the sync thread only the newest runs (it claims
     * the most, and its sync covers the others' bytes). A failed sync skips the action; either failure goes to
     * {@code onFailure}. {@link #close} (and so {@link #finish}) waits for a running one, so nothing is saved
     * after the part ended.
     */
    public void whenDurable(DurableAction action, Consumer<IOException> onFailure) {
        if (syncer == null) {
            syncer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "slot-sync " + slot.getFileName());
                t.setDaemon(true);
                return t;
            });
        }
        ExecutorService sync = syncer;
        Runnable syncThenAct = () -> {
            long mine = syncsQueued.incrementAndGet();
            try {
                sync.execute(() -> {
                    if (syncsQueued.get() != mine) {
                        return; // a newer one is queued behind this one
                    }
                    try {
                        channel.force(true);
                        action.run();
                    } catch (IOException e) {
                        onFailure.accept(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // closed meanwhile: the part is over, there is nothing left to claim
            }
        };
        if (background == null) {
            syncThenAct.run();
        } else {
            background.afterWritten(syncThenAct); // once the bytes before it are in the file
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (written + len > capacity) {
            throw new SlotException("Part too large for slot: more than " + capacity + " bytes");
        }
        if (verifier != null && verifier.failure() != null) {
            // a range already on the medium is wrong: stop the download now, not after the last byte
            throw new SlotException("Read-back verify failed for " + slot.getFileName() + ": " + verifier.failure());
        }
        if (background == null) {
            background = new BackgroundWriter(channel, written, rangeBytes, this::rangeWritten,
                    String.valueOf(slot.getFileName()), checksums);
        }
        background.write(buf, off, len);
        written += len;
    }

    /** A range is in the file: verify it now (overlapped) or keep it for {@link #finish}. */
    private void rangeWritten(long from, long to, long crc32c) {
        if (to == from) {
            return;
        }
        if (verifier != null) {
            verifier.submit(from, to, crc32c);
        } else {
            unverified.add(new long[] {from, to, crc32c});
        }
    }

    /** How {@link #finish} proves the slot holds the verified bytes. */
    public enum ReadBack {
        /** no read-back (fsync only) */
        OFF,
        /** the slot's SHA-256 over the part length must equal the manifest's (the default) */
        SHA256,
        /**
         * a CRC-32C of the slot must equal one of the bytes written: those bytes were already proven
         * against the manifest's SHA-256 as they streamed in, so this catches the same storage faults
         * with a hardware-accelerated pass instead of a second SHA-256 (bench/results.md)
         */
        CRC32C
    }

    /**
     * fsync, then read the slot back from the medium as {@code mode} says: SHA256 compares the whole part's
     * SHA-256 with the manifest's (and every range's CRC-32C with what was written), CRC32C only the latter.
     */
    public void finish(String expectedSha256, ReadBack mode) throws IOException {
        if (verifier != null && verifier.mode() != mode) {
            throw new IllegalArgumentException("read-back " + mode + " but opened for " + verifier.mode());
        }
        try {
            if (background != null) {
                background.flush();
                rangeWritten(background.tailStart(), written, background.tailCrc());
            }
            if (Files.isRegularFile(slot)) {
                channel.truncate(written);
            }
            channel.force(true);
            if (mode != ReadBack.OFF) {
                if (verifier == null) {
                    verifier = new RangeVerifier(slot, channel, mode, listener);
                    for (long[] r; (r = unverified.poll()) != null; ) {
                        verifier.submit(r[0], r[1], r[2]);
                    }
                }
                verifier.finish(written, expectedSha256);
            }
        } finally {
            close();
        }
    }

    /** True unless the filesystem refused O_DIRECT for the read-back (after {@link #finish}). */
    boolean readBackBypassedCache() {
        return verifier != null && verifier.direct();
    }

    /** As {@link #finish(String, ReadBack)}: {@code readBack} true is the SHA-256 read-back. */
    public void finish(String expectedSha256, boolean readBack) throws IOException {
        finish(expectedSha256, readBack ? ReadBack.SHA256 : ReadBack.OFF);
    }

    /** CRC-32C of the first {@code length} bytes of a slot. */
    static long crc32c(Path slot, long length) throws IOException {
        CRC32C crc = new CRC32C();
        readSlot(slot, length, crc::update);
        return crc.getValue();
    }

    /** Feeds the first {@code length} bytes of a slot to {@code sink} in large blocks. */
    static void readSlot(Path slot, long length, BlockSink sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ_BACK_BUFFER);
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < length) {
                buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
                sink.accept(buf.array(), 0, n);
            }
        }
    }

    @FunctionalInterface
    interface BlockSink {
        void accept(byte[] buf, int off, int len);
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        if (background != null) {
            background.close();
        }
        if (syncer != null) {
            syncer.shutdown();
            try {
                // a checkpoint being saved finishes before the installer decides about the checkpoint file
                syncer.awaitTermination(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (verifier != null) {
            verifier.close();
        }
        channel.close();
    }

    /** SHA-256 of the first {@code length} bytes of a slot (lower-case hex). */
    public static String sha256(Path slot, long length) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        readSlot(slot, length, md::update);
        return HexFormat.of().formatHex(md.digest());
    }
}
