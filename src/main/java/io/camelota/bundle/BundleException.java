package io.camelota.bundle;

import io.camelota.status.SafeText;

/**
 * A bundle was rejected. The message is the user-visible status text (Mongoose-style, e.g.
 * {@code "Invalid CRC"}), so it is reported as-is to status listeners. It often quotes the bundle
 * (an entry name, a manifest field): it is made safe here, once, with {@link SafeText}.
 */
public final class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(SafeText.of(message));
    }

    public BundleException(String message, Throwable cause) {
        super(SafeText.of(message), cause);
    }
}
