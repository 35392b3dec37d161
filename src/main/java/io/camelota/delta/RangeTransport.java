package io.camelota.delta;

import java.io.IOException;
import java.io.InputStream;

/** One GET of the bundle's URL, with or without a Range; the answer's body is the caller's to read and end. */
public interface RangeTransport {

    /**
     * @param range   the Range header value ({@code bytes=a-b,c-d}), null for a plain GET
     * @param ifRange the bundle's validator for If-Range (null: none)
     */
    Answer get(String range, String ifRange) throws IOException;

    /**
     * @param contentLength the body's length when the server said it, else -1
     */
    record Answer(int status, String contentType, String contentRange, long contentLength, InputStream body) {
    }

    /** Ends a body that will not be read to its end: the connection is dropped rather than drained. */
    void abort(InputStream body);

    /** Releases the connection when the delta is over. */
    default void close() {
    }
}
