package io.camelota.status;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows what the updater is doing now: the current attempt's state, message,
 * result code and progress, plus the single-flight guard (one attempt at a time).
 * <p>
 * The guard's owner and the snapshot live in one immutable value behind one atomic reference, so
 * every change is a single compare-and-set: an attempt's writes apply only while that attempt holds
 * the guard, and {@link #end} releases the guard and reports a dangling attempt in the same step —
 * it can never write "Update failed" over an attempt that started in between.
 * Every change of state or message is logged once; progress ticks are not (the installer
 * throttles its own progress lines).
 */
public final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    /** What an attempt last said; immutable so readers never see half an update. */
    public record Snapshot(UpdateState state, String message, int result, Integer progressPercent,
                           long bytesReceived, Long bytesTotal, String source, Instant lastCheck,
                           String lastError, Integer sigCheckResult) {

        /** Every text enters the board here: the log line, the status JSON and the API's answers read it safe. */
        public Snapshot {
            message = message == null ? null : SafeText.of(message);
            lastError = lastError == null ? null : SafeText.of(lastError);
        }

        Snapshot with(UpdateState newState, String newMessage, int newResult) {
            return new Snapshot(newState, newMessage, newResult, progressPercent, bytesReceived, bytesTotal, source,
                    lastCheck, newState == UpdateState.ERROR ? "(" + newResult + ") " + newMessage : lastError,
                    sigCheckResult);
        }
    }

    /** The guard's holder (null = idle) and the status, changed together. */
    private record Board(String owner, Snapshot snapshot) {
    }

    private final Clock clock;
    private final AtomicReference<Board> board;

    public StatusBoard() {
        this(Clock.systemUTC());
    }

    public StatusBoard(Clock clock) {
        this.clock = clock;
        this.board = new AtomicReference<>(new Board(null,
                new Snapshot(UpdateState.IDLE, "idle", 0, null, 0, null, null, null, null, null)));
    }

    public Snapshot current() {
        return board.get().snapshot();
    }

    /** Takes the single-flight guard for {@code attemptId}; false when another attempt holds it. Re-entrant for the holder. */
    public boolean tryBegin(String attemptId, String source) {
        return tryBegin(attemptId, source, () -> true);
    }

    /**
     * Takes the guard only if {@code mayStart} holds at the instant it is taken: the condition is
     * checked inside the compare-and-set, after any earlier holder has released it.
     */
    public boolean tryBegin(String attemptId, String source, BooleanSupplier mayStart) {
        Instant now = clock.instant();
        Board after = change(b -> {
            if (b.owner() != null || !mayStart.getAsBoolean()) {
                return b;
            }
            Snapshot s = b.snapshot();
            return new Board(attemptId, new Snapshot(UpdateState.PROGRESS, "Checking for update", 0, null, 0, null,
                    source, now, s.lastError(), null));
        });
        return attemptId.equals(after.owner());
    }

    public boolean isBusy() {
        return board.get().owner() != null;
    }

    public boolean holds(String attemptId) {
        return attemptId != null && attemptId.equals(board.get().owner());
    }

    /**
     * Releases the guard if {@code attemptId} holds it; an attempt that ends still "in progress" is
     * reported as failed in the same step (never left dangling, never written over a newer attempt).
     */
    public void end(String attemptId) {
        change(b -> {
            if (!attemptId.equals(b.owner())) {
                return b;
            }
            Snapshot s = b.snapshot();
            return new Board(null, s.state() == UpdateState.PROGRESS ? s.with(UpdateState.ERROR, "Update failed", -1) : s);
        });
    }

    public void progress(String attemptId, String message) {
        owned(attemptId, s -> s.with(UpdateState.PROGRESS, message, 0));
    }

    /** Download progress; the percentage stays unknown (null) when the total size is unknown. */
    public void bytes(String attemptId, long received, Long total) {
        Integer pct = total == null || total <= 0 ? null : (int) Math.min(100, received * 100 / total);
        owned(attemptId, s -> new Snapshot(s.state(), s.message(), s.result(), pct, received, total, s.source(),
                s.lastCheck(), s.lastError(), s.sigCheckResult()));
    }

    public void signatures(String attemptId, int mask) {
        owned(attemptId, s -> new Snapshot(s.state(), s.message(), s.result(), s.progressPercent(),
                s.bytesReceived(), s.bytesTotal(), s.source(), s.lastCheck(), s.lastError(), mask));
    }

    public void success(String attemptId, String message) {
        owned(attemptId, s -> s.with(UpdateState.SUCCESS, message, 1));
    }

    public void error(String attemptId, int result, String message) {
        owned(attemptId, s -> s.with(UpdateState.ERROR, message, result));
    }

    /**
     * A status that is not an attempt's, e.g. after a boot decision ("Update commit timeout expired").
     * Applied only while no attempt holds the guard (an attempt's status is its own); returns whether it was.
     */
    public boolean note(UpdateState state, int result, String message) {
        Board after = change(b -> {
            if (b.owner() != null) {
                return b;
            }
            Snapshot s = b.snapshot();
            return new Board(null, new Snapshot(state, message, result, null, 0, null, s.source(), s.lastCheck(),
                    state == UpdateState.ERROR ? "(" + result + ") " + message : s.lastError(), s.sigCheckResult()));
        });
        return after.owner() == null;
    }

    private void owned(String attemptId, UnaryOperator<Snapshot> f) {
        change(b -> attemptId != null && attemptId.equals(b.owner()) ? new Board(b.owner(), f.apply(b.snapshot())) : b);
    }

    /** One atomic transition (the function may run more than once: it must be pure); logs what changed. */
    private Board change(UnaryOperator<Board> f) {
        Board prev;
        Board next;
        do {
            prev = board.get();
            next = f.apply(prev);
        } while (prev != next && !board.compareAndSet(prev, next));
        log(prev.snapshot(), next.snapshot());
        return next;
    }

    private static void log(Snapshot prev, Snapshot next) {
        if (prev.state() == next.state() && prev.message().equals(next.message())) {
            return;
        }
        if (next.state() == UpdateState.ERROR) {
            LOG.warn("update {}: ({}) {}", next.state().jsonName(), next.result(), next.message());
        } else {
            LOG.info("update {}: {}", next.state().jsonName(), next.message());
        }
    }
}
