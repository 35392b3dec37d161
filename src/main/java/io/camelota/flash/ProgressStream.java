package io.camelota.flash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.camelota.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bundle bytes as they arrive: feeds the status (bytes, percent when the total is known),
 * tells the inactivity watchdog that data is flowing, and logs a progress line every 5 s or 10 %
 * — never per chunk, which would flood a device's log.
 */
final class ProgressStream extends FilterInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressStream.class);
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    /** At most this much is read after the central directory signature when the total size is unknown. */
    private static final long MAX_TRAILER_BYTES = 16L << 20;

    private final StatusBoard board;
    /** the attempt whose status these bytes belong to (only it may write them) */
    private final String attemptId;
    private final Long total;
    private final InactivityWatchdog watchdog;
    private long received;
    private long lastLogNanos = System.nanoTime();
    private int lastLoggedTenth;

    ProgressStream(InputStream in, StatusBoard board, String attemptId, Long total, InactivityWatchdog watchdog) {
        this(in, board, attemptId, total, watchdog, 0);
    }

    /** {@code startAt}: bytes of the bundle received by an earlier attempt (a resume counts from N). */
    ProgressStream(InputStream in, StatusBoard board, String attemptId, Long total, InactivityWatchdog watchdog,
                   long startAt) {
        super(in);
        this.attemptId = attemptId;
        this.received = startAt;
        this.board = board;
        this.total = total;
        this.watchdog = watchdog;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    long received() {
        return received;
    }

    private void advance(int n) {
        received += n;
        watchdog.touch();
        board.bytes(attemptId, received, total);
        long now = System.nanoTime();
        int tenth = total == null || total <= 0 ? 0 : (int) (received * 10 / total);
        if (now - lastLogNanos >= LOG_EVERY_NANOS || tenth > lastLoggedTenth) {
            lastLogNanos = now;
            lastLoggedTenth = tenth;
            if (total != null && total > 0) {
                LOG.info("download {}% ({} of {} bytes)", received * 100 / total, received, total);
            } else {
                LOG.info("download {} bytes (total unknown)", received);
            }
        }
    }

    /**
     * The reader stops at the central directory; what follows is ignored, but what has already
     * arrived is counted so progress ends at 100 % and bytes_received matches the Content-Length
     * (protocol §5.4). Only bytes already available are read: the install is verified and
     * committed, so waiting on (or re-requesting) a trailer that a server withholds gains nothing.
     */
    void drainTrailer(Long contentLength) {
        long left = contentLength != null && contentLength > 0 ? contentLength - received : MAX_TRAILER_BYTES;
        byte[] buf = new byte[8192];
        try {
            int available;
            while (left > 0 && (available = available()) > 0) {
                int n = read(buf, 0, (int) Math.min(Math.min(buf.length, available), left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("bundle trailer not read to its end: {}", e.getMessage());
        }
    }
}
