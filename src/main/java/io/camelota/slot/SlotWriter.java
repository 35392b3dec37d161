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
    private long written;

    /** Opens the slot for writing; refuses a part that is known to be larger than the slot before any byte is written. */
    public SlotWriter(Path slot, long capacity, Long expectedSize) throws IOException {
        if (expectedSize != null && expectedSize > capacity) {
            throw new SlotException("Part too large for slot: " + expectedSize + " > " + capacity + " bytes");
        }
        this.slot = slot;
        this.capacity = capacity;
        if (slot.getParent() != null) {
            Files.createDirectories(slot.getParent());
        }
        // No TRUNCATE: a block device cannot be truncated; a file slot is trimmed in finish().
        this.channel = FileChannel.open(slot, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (written + len > capacity) {
            throw new SlotException("Part too large for slot: more than " + capacity + " bytes");
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            written += channel.write(bb, written);
        }
    }

    /** fsync, then read back and compare: the slot must hash to {@code expectedSha256} over the part length. */
    public void finish(String expectedSha256, boolean readBack) throws IOException {
        if (Files.isRegularFile(slot)) {
            channel.truncate(written);
        }
        channel.force(true);
        channel.close();
        if (readBack) {
            String actual = sha256(slot, written);
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new SlotException("Read-back verify failed for " + slot.getFileName()
                        + ": slot holds " + actual + ", expected " + expectedSha256);
            }
        }
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
                md.update(buf.array(), 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
