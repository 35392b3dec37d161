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
import java.util.zip.CRC32C;

import io.camelota.boot.OwnerOnly;
import io.camelota.bundle.PartSink;

/**
 * Writes one part into one (inactive) slot: bytes go straight to the file channel in the large
 * chunks the bundle reader hands over; {@link #finish} forces them to storage and reads the slot
 * back to prove that what is on it hashes to what the manifest promised. Nothing here ever marks
 * the slot bootable: that is the boot state's job, after every part is verified.
 */
public final class SlotWriter implements PartSink, AutoCloseable {

    private static final int READ_BACK_BUFFER = 1 << 20;

    private final Path slot;
    private final long capacity;
    private final FileChannel channel;
    /** CRC-32C of what was handed to the channel: the read-back compares against it. */
    private final CRC32C writtenCrc = new CRC32C();
    private long written;

    /** Opens the slot for writing; refuses a part that is known to be larger than the slot before any byte is written. */
    public SlotWriter(Path slot, long capacity, Long expectedSize) throws IOException {
        if (expectedSize != null && expectedSize > capacity) {
            throw new SlotException("Part too large for slot: " + expectedSize + " > " + capacity + " bytes");
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
     * Reopens a slot whose first {@code offset} bytes a broken attempt wrote (and forced): they are read
     * back once, into the read-back CRC and into {@code prefix} (the bundle reader re-hashes them), and
     * writing continues right after them.
     */
    public static SlotWriter resume(Path slot, long capacity, Long expectedSize, long offset, PartSink prefix)
            throws IOException {
        if (!Files.exists(slot) || (Files.isRegularFile(slot) && Files.size(slot) < offset) || offset > capacity) {
            throw new SlotException("Cannot resume " + slot.getFileName() + ": it holds less than " + offset + " bytes");
        }
        SlotWriter w = new SlotWriter(slot, capacity, expectedSize);
        try {
            readSlot(slot, offset, (b, off, len) -> {
                w.writtenCrc.update(b, off, len);
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
        return w;
    }

    /** Makes everything written so far durable (before a resume checkpoint claims it). */
    public void force() throws IOException {
        channel.force(true);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (written + len > capacity) {
            throw new SlotException("Part too large for slot: more than " + capacity + " bytes");
        }
        writtenCrc.update(buf, off, len);
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            written += channel.write(bb, written);
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

    /** fsync, then read the slot back as {@code mode} says. */
    public void finish(String expectedSha256, ReadBack mode) throws IOException {
        if (Files.isRegularFile(slot)) {
            channel.truncate(written);
        }
        channel.force(true);
        channel.close();
        boolean ok = switch (mode) {
            case OFF -> true;
            case SHA256 -> sha256(slot, written).equalsIgnoreCase(expectedSha256);
            case CRC32C -> crc32c(slot, written) == writtenCrc.getValue();
        };
        if (!ok) {
            throw new SlotException("Read-back verify failed for " + slot.getFileName()
                    + ": slot content differs from the verified stream (sha256 " + expectedSha256 + ")");
        }
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
    private static void readSlot(Path slot, long length, BlockSink sink) throws IOException {
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
    private interface BlockSink {
        void accept(byte[] buf, int off, int len);
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
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
