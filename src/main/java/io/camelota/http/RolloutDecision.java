package io.camelota.http;

/**
 * One device's verdict on one offered bundle: its bucket (0..99) against the server's percentage.
 * A device installs when its bucket is below the percentage, so 0 % pauses a rollout, 100 % is
 * everyone, and raising the number only ever adds devices (a device inside stays inside).
 */
public record RolloutDecision(int bucket, int percent) {

    /** True when the device must wait for a wider rollout. */
    public boolean defer() {
        return bucket >= percent;
    }

    /** The status line of a deferral, e.g. "Deferred by rollout: bucket 57 ≥ 30 %". */
    public String message() {
        return "Deferred by rollout: bucket " + bucket + " \u2265 " + percent + " %";
    }
}
