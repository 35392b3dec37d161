package io.camelota.bundle;

import java.io.IOException;

/** Receives the bytes of one bundle file (typically a slot writer). Provided by the {@link BundleHandler}. */
public interface PartSink {

    /** Called with large chunks (up to 64 KiB); the buffer is reused after the call returns. */
    void write(byte[] buf, int off, int len) throws IOException;
}
