package io.camelota.status;

/**
 * The server staged its rollout and this device's bucket is not in it yet. Not a failure of
 * anything: the check succeeded and its answer was "not yet", so the status reads as a success
 * (like "Not Modified") and the poll backoff is reset, not grown.
 */
public final class RolloutDeferral extends UpdateFailure {

    public RolloutDeferral(String message) {
        super(1, message);
    }
}
