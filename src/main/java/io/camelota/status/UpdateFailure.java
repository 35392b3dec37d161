package io.camelota.status;

/**
 * An update attempt that ended in error, with the Mongoose result code and message
 * ({@code -<http status>}, {@code -10} failed to connect, {@code -1} everything else).
 * The message may quote a server (a redirect Location, an exception's text): it is made safe
 * here, once, with {@link SafeText}, so every log line and answer that prints it is.
 */
public class UpdateFailure extends RuntimeException {

    private final int result;

    public UpdateFailure(int result, String message) {
        super(message == null ? null : SafeText.of(message));
        this.result = result;
    }

    public UpdateFailure(int result, String message, Throwable cause) {
        super(message == null ? null : SafeText.of(message), cause);
        this.result = result;
    }

    public int result() {
        return result;
    }
}
