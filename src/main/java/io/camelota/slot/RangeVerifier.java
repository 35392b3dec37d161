package io.camelota.slot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * Proves a slot on its medium range by range, on a thread of its own, while the next range is still streaming:
 * each written range is synced (fdatasync), read back bypassing the page cache ({@link MediumReader}) and its
 * CRC-32C compared with the one of the bytes handed to the file; a mismatch is reported to the writer, which
 * stops the download at its next chunk. In {@link SlotWriter.ReadBack#SHA256} mode the same reads also feed one
 * SHA-256 over the whole part (ranges arrive in order from byte 0), compared at the end with the manifest's.
 */
final class RangeVerifier implements AutoCloseable {

    /** Test seam: what happens around each range's read (corrupting the medium, waiting for a range). */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void beforeRead(long from, long to) throws IOException {
        }

        default void checked(long from, long to, boolean ok) {
        }
    }

    private final Path slot;
    private final FileChannel written;
    private final SlotWriter.ReadBack mode;
    private final Listener listener;
    private final ExecutorService thread;
    private final MessageDigest sha256;
    private volatile String failure;
    private volatile boolean direct = true;
    // verifier thread only
    private MediumReader reader;
    private long next;

    RangeVerifier(Path slot, FileChannel written, SlotWriter.ReadBack mode, Listener listener) {
        this.slot = slot;
        this.written = written;
        this.mode = mode;
        this.listener = listener;
        this.sha256 = mode == SlotWriter.ReadBack.SHA256 ? sha256() : null;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "slot-verify " + slot.getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    SlotWriter.ReadBack mode() {
        return mode;
    }

    /** Queues {@code [from, to)}, whose bytes as written have CRC-32C {@code crc32c}; ranges come in order. */
    void submit(long from, long to, long crc32c) {
        thread.execute(() -> verify(from, to, crc32c));
    }

    /** Null while every range checked so far matched; otherwise what was wrong. */
    String failure() {
        return failure;
    }

    /** True unless the filesystem refused O_DIRECT (valid after {@link #finish}). */
    boolean direct() {
        return direct;
    }

    /** Waits for every queued range; then, in SHA-256 mode, compares the whole part's digest. */
    void finish(long length, String expectedSha256) throws IOException {
        try {
            thread.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during the read-back");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        if (failure == null && next != length) {
            failure = "read back " + next + " of " + length + " bytes";
        }
        if (failure == null && sha256 != null
                && !HexFormat.of().formatHex(sha256.digest()).equalsIgnoreCase(expectedSha256)) {
            failure = "its SHA-256 differs from the manifest's " + expectedSha256;
        }
        if (failure != null) {
            throw new SlotException("Read-back verify failed for " + slot.getFileName() + ": " + failure);
        }
    }

    private void verify(long from, long to, long expectedCrc) {
        if (failure != null) {
            return;
        }
        try {
            if (from != next) {
                throw new IllegalStateException("range " + from + " does not follow " + next);
            }
            // on storage before it is read: O_DIRECT then gets the device's bytes, and the sync is done
            // while the next range streams instead of all at the end
            written.force(false);
            if (reader == null) {
                reader = MediumReader.open(slot);
                direct = reader.direct();
            }
            listener.beforeRead(from, to);
            CRC32C crc = new CRC32C();
            reader.read(from, to, (b, off, len) -> {
                crc.update(b, off, len);
                if (sha256 != null) {
                    sha256.update(b, off, len);
                }
            });
            direct = reader.direct();
            boolean ok = crc.getValue() == expectedCrc;
            next = to;
            if (!ok) {
                failure = "bytes " + from + " to " + to + " on the medium differ from what was written";
            }
            listener.checked(from, to, ok);
        } catch (IOException | RuntimeException e) {
            failure = "cannot read bytes " + from + " to " + to + " back: " + e.getMessage();
            listener.checked(from, to, false);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }

    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        // the reader belongs to the verifier thread: it closes it after the last queued range
        thread.execute(() -> {
            try {
                if (reader != null) {
                    reader.close();
                }
            } catch (IOException ignored) {
                // a read-only channel: nothing to lose
            }
        });
        thread.shutdown();
    }
}
