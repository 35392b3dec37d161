package io.camelota.status;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows what the updater is doing now: the current attempt's state, message,
 * result code and progress, plus the single-flight guard (one attempt at a time).
 * Every change of state or message is logged once; progress ticks are not (the installer
 * throttles its own progress lines).
 */
public final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    /** What an attempt last said; immutable so readers never see half an update. */
    public record Snapshot(UpdateState state, String message, int result, Integer progressPercent,
                           long bytesReceived, Long bytesTotal, String source, Instant lastCheck,
                           String lastError, Integer sigCheckResult) {
    }

    private final Clock clock;
    private final AtomicReference<String> owner = new AtomicReference<>();
    private volatile Snapshot current;

    public StatusBoard() {
        this(Clock.systemUTC());
    }

    public StatusBoard(Clock clock) {
        this.clock = clock;
        this.current = new Snapshot(UpdateState.IDLE, "idle", 0, null, 0, null, null, null, null, null);
    }

    public Snapshot current() {
        return current;
    }

    /** Takes the single-flight guard for {@code attemptId}; false when another attempt holds it. Re-entrant for the holder. */
    public boolean tryBegin(String attemptId, String source) {
        if (owner.compareAndSet(null, attemptId)) {
            Snapshot s = current;
            set(new Snapshot(UpdateState.PROGRESS, "Checking for update", 0, null, 0, null, source,
                    clock.instant(), s.lastError(), null));
            return true;
        }
        return attemptId.equals(owner.get());
    }

    public boolean isBusy() {
        return owner.get() != null;
    }

    public boolean holds(String attemptId) {
        return attemptId != null && attemptId.equals(owner.get());
    }

    /** Releases the guard; an attempt that ends still "in progress" is reported as failed (never left dangling). */
    public void end(String attemptId) {
        if (owner.compareAndSet(attemptId, null) && current.state() == UpdateState.PROGRESS) {
            error(-1, "Update failed");
        }
    }

    public void progress(String message) {
        Snapshot s = current;
        set(new Snapshot(UpdateState.PROGRESS, message, 0, s.progressPercent(), s.bytesReceived(), s.bytesTotal(),
                s.source(), s.lastCheck(), s.lastError(), s.sigCheckResult()));
    }

    /** Download progress; the percentage stays unknown (null) when the total size is unknown. */
    public void bytes(long received, Long total) {
        Snapshot s = current;
        Integer pct = total == null || total <= 0 ? null : (int) Math.min(100, received * 100 / total);
        current = new Snapshot(s.state(), s.message(), s.result(), pct, received, total, s.source(), s.lastCheck(),
                s.lastError(), s.sigCheckResult());
    }

    public void signatures(int mask) {
        Snapshot s = current;
        current = new Snapshot(s.state(), s.message(), s.result(), s.progressPercent(), s.bytesReceived(),
                s.bytesTotal(), s.source(), s.lastCheck(), s.lastError(), mask);
    }

    public void success(String message) {
        Snapshot s = current;
        set(new Snapshot(UpdateState.SUCCESS, message, 1, s.progressPercent(), s.bytesReceived(), s.bytesTotal(),
                s.source(), s.lastCheck(), s.lastError(), s.sigCheckResult()));
    }

    public void error(int result, String message) {
        Snapshot s = current;
        set(new Snapshot(UpdateState.ERROR, message, result, s.progressPercent(), s.bytesReceived(), s.bytesTotal(),
                s.source(), s.lastCheck(), "(" + result + ") " + message, s.sigCheckResult()));
    }

    /** A status that is not an attempt's, e.g. after a boot decision ("Update commit timeout expired"). */
    public void note(UpdateState state, int result, String message) {
        Snapshot s = current;
        set(new Snapshot(state, message, result, null, 0, null, s.source(), s.lastCheck(),
                state == UpdateState.ERROR ? "(" + result + ") " + message : s.lastError(), s.sigCheckResult()));
    }

    private void set(Snapshot next) {
        Snapshot prev = current;
        current = next;
        if (prev.state() != next.state() || !prev.message().equals(next.message())) {
            if (next.state() == UpdateState.ERROR) {
                LOG.warn("update {}: ({}) {}", next.state().jsonName(), next.result(), next.message());
            } else {
                LOG.info("update {}: {}", next.state().jsonName(), next.message());
            }
        }
    }
}
