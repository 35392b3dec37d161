package io.camelota.status;

/**
 * A well-formed bundle the device refuses by its own policy ("Version was rolled back before",
 * "Downgrade refused"). It is reported like any refusal, but it is not a failure of the server or
 * the link: the poll backoff does not grow because of it.
 */
public final class DeliberateRefusal extends UpdateFailure {

    public static final String ROLLED_BACK = "Version was rolled back before";
    public static final String DOWNGRADE = "Downgrade refused";
    /** Start of the refusal of a version the order cannot place against the running one. */
    public static final String ORDER_UNKNOWN = "Version order unknown";

    public DeliberateRefusal(String message, Throwable cause) {
        super(-1, message, cause);
    }

    public DeliberateRefusal(String message) {
        super(-1, message);
    }

    /**
     * "Version order unknown: 1.9a vs 1.10.0": while downgrades are refused, a version that cannot be
     * ordered against the running one is refused too, never ranked by a guess.
     */
    public static DeliberateRefusal orderUnknown(String offered, String running) {
        return new DeliberateRefusal(ORDER_UNKNOWN + ": " + SafeText.of(offered, 64) + " vs " + SafeText.of(running, 64));
    }

    /** The offered version is the one that was rolled back. */
    public boolean rolledBack() {
        return ROLLED_BACK.equals(getMessage());
    }
}
