package io.camelota.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootRecord;
import io.camelota.boot.BootState;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner of the update lifecycle, on a real boot-state file. */
class UpdateLifecycleTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.0", "f", null, null);
    private static final SlotContent NEW = new SlotContent("app", "ubuntu", "1.1", "n", "ab".repeat(32), 10L);

    @TempDir
    Path dir;

    private BootStateFile file;
    private StatusBoard board;

    @BeforeEach
    void setUp() {
        file = new BootStateFile(dir.resolve("boot-state.json"));
        board = new StatusBoard();
    }

    private BootControl device(BootRecord record, int attempts) {
        return new BootControl(record, FACTORY, attempts);
    }

    private UpdateLifecycle lifecycle(BootControl boot, long bootWaitMillis) {
        return new UpdateLifecycle(boot, board, bootWaitMillis, 10);
    }

    /** A device that installed 1.1 (slot 1) and rebooted into its first trial. */
    private UpdateLifecycle onTrial(BootRecord record, int commitTimeout) throws Exception {
        UpdateLifecycle first = lifecycle(device(record, 3), 0);
        first.boot();
        assertThat(first.tryStart("poll", "url", false)).isEqualTo(StartVerdict.STARTED);
        first.writing(1);
        first.installed(1, NEW, commitTimeout);
        assertThat(first.phase()).isEqualTo(Phase.INSTALLED);
        board = new StatusBoard();  // the reboot: a new agent, a new status board
        UpdateLifecycle next = lifecycle(device(record, 3), 0);
        assertThat(next.boot().trial()).isTrue();
        assertThat(next.phase()).isEqualTo(Phase.TRIAL);
        return next;
    }

    @Test
    void anAttemptWaitsForTheBootDecision() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 60_000);
        CompletableFuture<StartVerdict> upload = CompletableFuture.supplyAsync(() -> l.tryStart("up", "upload", true));
        assertThat(board.isBusy()).as("nothing holds the guard before the decision").isFalse();
        l.boot();
        assertThat(upload.get(60, TimeUnit.SECONDS)).isEqualTo(StartVerdict.STARTED);
        assertThat(board.holds("up")).isTrue();
        assertThat(l.phase()).isEqualTo(Phase.DOWNLOADING);
    }

    @Test
    void withoutADecisionInTimeNothingStarts() {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        assertThat(l.tryStart("poll", "url", false)).isEqualTo(StartVerdict.NOT_BOOTED);
        assertThat(board.isBusy()).isFalse();
        assertThat(l.phase()).isEqualTo(Phase.BOOTING);
    }

    @Test
    void anUncommittedSlotAndABusyBoardRefuse() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        l.boot();
        assertThat(l.tryStart("a", "poll", false)).isEqualTo(StartVerdict.STARTED);
        assertThat(l.tryStart("b", "upload", true)).isEqualTo(StartVerdict.BUSY);
        l.writing(1);
        l.installed(1, NEW, 0);
        board.success("a", "Update applied, finalizing");
        l.attemptEnded("a");
        assertThat(l.phase()).as("an install waits for its reboot").isEqualTo(Phase.INSTALLED);
        assertThat(l.tryStart("c", "poll", false)).isEqualTo(StartVerdict.UNCOMMITTED);
        assertThat(board.current().message()).isEqualTo("Update applied, finalizing");
    }

    @Test
    void aFailedOrEmptyCheckGoesBackToWhereAnotherMayBegin() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        l.boot();
        l.tryStart("a", "poll", false);
        board.success("a", "Not Modified");
        l.attemptEnded("a");
        assertThat(l.phase()).isEqualTo(Phase.IDLE);
        l.tryStart("b", "poll", false);
        board.error("b", -10, "Failed to connect");
        l.attemptEnded("b");
        assertThat(l.phase()).isEqualTo(Phase.ERROR);
        assertThat(l.tryStart("c", "poll", false)).isEqualTo(StartVerdict.STARTED);
    }

    @Test
    void theBootNoteIsWrittenBeforeTheGateOpens() throws Exception {
        // one boot attempt, used by a trial that never committed: the next start reverts and says so
        BootControl once = device(file, 1);
        once.boot();
        once.beginWrite(1);
        once.installed(1, NEW, 60);
        assertThat(device(file, 1).boot()).isEqualTo(BootControl.BootOutcome.TRIAL);
        UpdateLifecycle next = lifecycle(device(file, 1), 60_000);
        CompletableFuture<String> seenByAnEarlyPoll = CompletableFuture.supplyAsync(() -> {
            StartVerdict v = next.tryStart("early", "poll", false);
            return v + " " + board.current().message();
        });
        BootDecision d = next.boot();
        assertThat(d.outcome()).isEqualTo(BootControl.BootOutcome.ATTEMPTS_EXHAUSTED);
        assertThat(seenByAnEarlyPoll.get(60, TimeUnit.SECONDS)).isEqualTo("STARTED Checking for update");
        assertThat(board.current().lastError()).isEqualTo("(-1) Update reverted: boot attempts exhausted");
    }

    @Test
    void theTargetIsOutOfTheRecordBeforeItsFirstByteAndBackOnlyWhenVerified() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        l.boot();
        l.tryStart("a", "poll", false);
        l.writing(1);
        BootState writing = file.read();
        assertThat(writing.writingSlot()).isEqualTo(1);
        assertThat(writing.slots()).doesNotContainKey(1);
        assertThat(writing.activeSlot()).isZero();
        assertThat(writing.committed()).isTrue();
        l.installed(1, NEW, 0);
        BootState installed = file.read();
        assertThat(installed.writingSlot()).isNull();
        assertThat(installed.activeSlot()).isEqualTo(1);
        assertThat(installed.slots()).containsEntry(1, NEW);
    }

    @Test
    void aTransitionTheTableDoesNotListIsRefused() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        assertThatThrownBy(() -> l.writing(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no transition from BOOTING on WRITE");
        assertThat(file.read()).as("nothing written").isNull();
    }

    /** The disk refuses the commit write during the window: the status says so, the window's end retries. */
    @Test
    void aCommitThatCannotBeWrittenIsShownAndRetriedUntilItIsOnStorage() throws Exception {
        FailingWrites disk = new FailingWrites(file);
        UpdateLifecycle trial = onTrial(disk, 60);
        disk.failNext(3);
        assertThatThrownBy(trial::commit).isInstanceOf(IOException.class);
        assertThat(board.current().state()).isEqualTo(UpdateState.ERROR);
        assertThat(board.current().message()).startsWith("Cannot save the commit: disk refused the write");
        assertThat(trial.phase()).as("still on trial: nothing half-done in memory").isEqualTo(Phase.TRIAL);
        assertThat(file.read().committed()).isFalse();

        // the window ends; the health check failed, but the commit was requested: it is written, with retries
        assertThat(trial.verdictNeedsHealthCheck()).isFalse();
        assertThat(trial.windowVerdict(false)).as("no reboot: committed").isFalse();
        assertThat(disk.failures.get()).isEqualTo(3);
        assertThat(file.read().committed()).isTrue();
        assertThat(trial.phase()).isEqualTo(Phase.COMMITTED);
        assertThat(board.current().message()).isEqualTo("Update committed");
        assertThat(trial.tryStart("next", "poll", false)).as("the next poll is not blocked").isEqualTo(StartVerdict.STARTED);
    }

    @Test
    void aRevertThatCannotBeWrittenIsRetriedToo() throws Exception {
        FailingWrites disk = new FailingWrites(file);
        UpdateLifecycle trial = onTrial(disk, 60);
        disk.failNext(2);
        assertThat(trial.windowVerdict(false)).as("reverted: reboot").isTrue();
        assertThat(disk.failures.get()).isEqualTo(2);
        BootState s = file.read();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.rejected()).isEqualTo(NEW);
        assertThat(trial.phase()).isEqualTo(Phase.REVERTED);
    }

    @Test
    void aStopEndsTheRetriesWithoutAVerdict() throws Exception {
        FailingWrites disk = new FailingWrites(file);
        UpdateLifecycle trial = onTrial(disk, 60);
        disk.failNext(Integer.MAX_VALUE);
        CompletableFuture<Boolean> verdict = CompletableFuture.supplyAsync(() -> {
            try {
                return trial.windowVerdict(true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> disk.failures.get() >= 2);
        trial.stopping();
        assertThat(verdict.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(file.read().committed()).as("the next start tries the slot again").isFalse();
    }

    @Test
    void commitTimeoutZeroCommitsAtTheWindowsEndWithoutAHealthCheck() throws Exception {
        UpdateLifecycle trial = onTrial(file, 0);
        assertThat(trial.awaitCommitWindow()).isTrue();
        assertThat(trial.verdictNeedsHealthCheck()).isFalse();
        assertThat(trial.windowVerdict(false)).isFalse();
        assertThat(file.read().committed()).isTrue();
    }

    @Test
    void aTransitionTheTableRefusesWritesNothing() throws Exception {
        UpdateLifecycle l = lifecycle(device(file, 3), 0);
        l.boot();
        BootState before = file.read();
        assertThatThrownBy(() -> l.installed(1, NEW, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no transition from IDLE on VERIFIED");
        assertThat(file.read()).isEqualTo(before);
    }

    @Test
    void theStateForTheServersLogNamesTheAttempt() throws Exception {
        UpdateLifecycle trial = onTrial(file, 60);
        assertThat(trial.describe()).isEqualTo("trial 1/3");
        trial.commit();
        assertThat(trial.describe()).isEqualTo("committed");
    }

    /** A disk that refuses the next n writes (full, or remounted read-only), then takes them again. */
    static final class FailingWrites implements BootRecord {
        private final BootRecord inner;
        private final AtomicInteger refuse = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();

        FailingWrites(BootRecord inner) {
            this.inner = inner;
        }

        void failNext(int n) {
            refuse.set(n);
        }

        @Override
        public BootState read() throws IOException {
            return inner.read();
        }

        @Override
        public void write(BootState state) throws IOException {
            if (refuse.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                failures.incrementAndGet();
                throw new IOException("disk refused the write");
            }
            inner.write(state);
        }
    }
}
