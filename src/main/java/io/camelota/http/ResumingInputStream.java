package io.camelota.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import io.camelota.download.AbortableBody;
import io.camelota.status.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download body that survives a broken connection: when a read fails (reset, timeout) or the
 * stream ends before Content-Length, it asks the server for the rest with
 * {@code Range: bytes=N-} and {@code If-Range: <validator>} and carries on, so the bundle reader
 * on top never notices. Only a 206 whose Content-Range starts at N is accepted (the
 * {@link RangeRequester} checks that); a 200 means the content changed or Range is not supported,
 * and the attempt fails rather than appending a whole body at offset N. Attempts are bounded and
 * back off; without a validator there is no safe resume at all.
 */
public final class ResumingInputStream extends InputStream implements AbortableBody {

    /** Opens the rest of the download from an offset. */
    public interface RangeRequester {
        InputStream openFrom(long offset, String validator) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);
    /** Longest wait between two resumes, however many retries are configured. */
    private static final long MAX_WAIT_MILLIS = 30_000;

    private final long total;
    private final String validator;
    private final RangeRequester requester;
    private final int maxResumes;
    private final long backoffMillis;
    private volatile InputStream current;
    private long position;
    private int resumes;
    private volatile boolean closed;
    /** The first answer was a 206 of the bundle's head up to here: the rest follows at once, not as a resume. */
    private long headEnd = -1;

    /**
     * @param total     Content-Length, or -1 when unknown (chunked)
     * @param validator a strong ETag or a Last-Modified date; null = cannot resume
     */
    public ResumingInputStream(InputStream first, long total, String validator, RangeRequester requester,
                               int maxResumes, long backoffMillis) {
        this.current = first;
        this.total = total;
        this.validator = validator;
        this.requester = requester;
        this.maxResumes = maxResumes;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        while (true) {
            try {
                int n = current.read(buf, off, len);
                if (n < 0 && position == headEnd && position < total && !closed) {
                    // the head was all the first request asked for (see ResumableDownload): fetch the rest
                    headEnd = -1;
                    ResponseBodies.abort(current);
                    current = requester.openFrom(position, validator);
                    continue;
                }
                if (n < 0 && total >= 0 && position < total) {
                    throw new EOFException("connection closed at byte " + position + " of " + total);
                }
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                if (closed || validator == null || resumes >= maxResumes) {
                    throw e;
                }
                resume(e);
            }
        }
    }

    private void resume(IOException cause) throws IOException {
        IOException failure = cause;
        while (true) {
            resumes++;
            ResponseBodies.abort(current);
            long wait = Math.min(MAX_WAIT_MILLIS, backoffMillis << Math.min(resumes - 1, 20));
            LOG.warn("download broke at byte {} ({}); resume {} of {} in {} ms", position, SafeText.of(failure.getMessage()),
                    resumes, maxResumes, wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            if (closed) {
                throw failure;
            }
            InputStream next;
            try {
                next = requester.openFrom(position, validator);
            } catch (IOException e) {
                // a refused connection or a 408/429/5xx on the range request: retry within the bound
                if (closed || resumes >= maxResumes) {
                    throw e;
                }
                failure = e;
                continue;
            }
            current = next;
            if (closed) {
                // aborted (by the inactivity watchdog) while the range request was under way
                ResponseBodies.abort(next);
                throw failure;
            }
            return;
        }
    }

    /**
     * The first body is only the bundle's first {@code headEnd} bytes (a 206 to the check's own head Range); at its
     * end the rest is requested right away, without a resume's back-off or count.
     */
    public ResumingInputStream afterHead(long headEnd) {
        this.headEnd = headEnd;
        return this;
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : current.available();
    }

    public long position() {
        return position;
    }

    public int resumes() {
        return resumes;
    }

    /**
     * Ends the download where it is: the current response (the first one or a resume's 206) is
     * aborted, never drained, and no further resume starts. A close means the same: nobody reads a
     * bundle body half-way and then wants the rest transferred for nothing.
     */
    @Override
    public void abort() {
        closed = true;
        ResponseBodies.abort(current);
    }

    @Override
    public void close() {
        abort();
    }
}
