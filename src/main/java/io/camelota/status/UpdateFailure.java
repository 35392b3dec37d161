package io.camelota.status;

/**
 * An update attempt that ended in error, with the Mongoose result code and message
 * ({@code -<http status>}, {@code -10} failed to connect, {@code -1} everything else).
 */
public class UpdateFailure extends RuntimeException {

    private final int result;

    public UpdateFailure(int result, String message) {
        super(message);
        this.result = result;
    }

    public UpdateFailure(int result, String message, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    public int result() {
        return result;
    }
}
