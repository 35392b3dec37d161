package io.camelota.download;

import java.io.IOException;
import java.io.InputStream;

/**
 * A bundle body whose source can be cut off at once, without reading what is left: an HTTP
 * response. Closing such a body would drain it (HttpClient reads a response to its end to reuse
 * the connection), so a refused 2 GiB bundle would be downloaded in full; aborting drops the
 * connection instead.
 */
public interface AbortableBody {

    /** Drops the source unread; idempotent, callable from any thread (it wakes a blocked read). */
    void abort();

    /** Ends a body the installer is done with: aborted when it can be, else closed. Never throws. */
    static void end(InputStream body) {
        if (body == null) {
            return;
        }
        if (body instanceof AbortableBody a) {
            a.abort();
            return;
        }
        try {
            body.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done with a body that fails to close
        }
    }
}
