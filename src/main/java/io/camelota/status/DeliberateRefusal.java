package io.camelota.status;

/**
 * A well-formed bundle the device refuses by its own policy ("Version was rolled back before",
 * "Downgrade refused"). It is reported like any refusal, but it is not a failure of the server or
 * the link: the poll backoff does not grow because of it.
 */
public final class DeliberateRefusal extends UpdateFailure {

    public static final String ROLLED_BACK = "Version was rolled back before";
    public static final String DOWNGRADE = "Downgrade refused";

    public DeliberateRefusal(String message, Throwable cause) {
        super(-1, message, cause);
    }

    public DeliberateRefusal(String message) {
        super(-1, message);
    }

    /** The offered version is the one that was rolled back. */
    public boolean rolledBack() {
        return ROLLED_BACK.equals(getMessage());
    }
}
