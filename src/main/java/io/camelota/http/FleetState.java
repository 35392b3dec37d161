package io.camelota.http;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;

/**
 * What each poll tells the server's access log about this device, so a static server's log is a
 * fleet view ({@code camel-ota fleet report}): {@code X-OTA-State} and, while the device has one,
 * {@code X-OTA-Rejected-Version}. This is the one place that reads the update lifecycle for it:
 * the boot state, the rollout deferrals and the reboot window.
 * <p>
 * States: {@code committed}; {@code deferred} (a bundle at this URL waits for its rollout bucket);
 * {@code installed} (a new slot not started yet), {@code installed-waiting} (that, held by
 * boot.reboot_window), {@code trial n/m} (start n of m of an uncommitted slot).
 */
public final class FleetState {

    public static final String STATE_HEADER = "X-OTA-State";
    public static final String REJECTED_HEADER = "X-OTA-Rejected-Version";

    private final BootControl boot;
    private final RolloutDeferrals deferrals;
    private final BooleanSupplier rebootWaiting;
    private final int defaultAttempts;

    public FleetState(BootControl boot, RolloutDeferrals deferrals, BooleanSupplier rebootWaiting, int defaultAttempts) {
        this.boot = boot;
        this.deferrals = deferrals;
        this.rebootWaiting = rebootWaiting;
        this.defaultAttempts = defaultAttempts;
    }

    /** The state a request to {@code url} reports. */
    public String state(String url) {
        BootState s = boot.state();
        if (!s.committed()) {
            if (rebootWaiting.getAsBoolean()) {
                return "installed-waiting";
            }
            if (s.bootCount() == 0) {
                return "installed";
            }
            return "trial " + s.bootCount() + "/" + (s.bootAttempts() > 0 ? s.bootAttempts() : defaultAttempts);
        }
        return deferrals.forRequest(url, s).isPresent() ? "deferred" : "committed";
    }

    /** The version that was rolled back, as a header value (a manifest's text: printable ASCII only, cut). */
    public Optional<String> rejectedVersion() {
        SlotContent r = boot.state().rejected();
        if (r == null || r.version() == null) {
            return Optional.empty();
        }
        String v = r.version().replaceAll("[^\\x21-\\x7e]", "_");
        return Optional.of(v.length() > 64 ? v.substring(0, 64) : v);
    }
}
