package io.camelota.bundle;

/**
 * A bundle was rejected. The message is the user-visible status text (Mongoose-style, e.g.
 * {@code "Invalid CRC"}), so it is reported as-is to status listeners.
 */
public final class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
