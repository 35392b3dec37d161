package io.camelota.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The board's ownership rules, one interleaving at a time (the race test runs them all at once). */
class StatusBoardTest {

    private final StatusBoard board = new StatusBoard();

    @Test
    void endOfAnAttemptStillInProgressReportsItFailed() {
        assertThat(board.tryBegin("a", "poll")).isTrue();
        board.progress("a", "Downloading");
        board.end("a");
        assertThat(board.isBusy()).isFalse();
        assertThat(board.current().state()).isEqualTo(UpdateState.ERROR);
        assertThat(board.current().message()).isEqualTo("Update failed");
        assertThat(board.current().lastError()).isEqualTo("(-1) Update failed");
    }

    @Test
    void aLateEndOfAnEarlierAttemptLeavesTheNewOneAlone() {
        board.tryBegin("a", "poll");
        board.success("a", "Not Modified");
        board.end("a");
        assertThat(board.tryBegin("b", "upload")).isTrue();
        board.end("a");
        board.error("a", -1, "stale");
        assertThat(board.holds("b")).isTrue();
        assertThat(board.current().state()).isEqualTo(UpdateState.PROGRESS);
        assertThat(board.current().message()).isEqualTo("Checking for update");
    }

    @Test
    void onlyTheHolderWritesAndBeginIsReentrantForIt() {
        assertThat(board.tryBegin("a", "poll")).isTrue();
        assertThat(board.tryBegin("b", "upload")).isFalse();
        assertThat(board.tryBegin("a", "poll")).isTrue();
        board.progress("b", "intruder");
        board.bytes("b", 5, 10L);
        assertThat(board.current().message()).isEqualTo("Checking for update");
        assertThat(board.current().bytesReceived()).isZero();
        board.bytes("a", 5, 10L);
        assertThat(board.current().progressPercent()).isEqualTo(50);
    }

    @Test
    void aNoteWaitsForNoAttemptAndIsRefusedWhileOneRuns() {
        assertThat(board.note(UpdateState.ERROR, -1, "Update commit timeout expired")).isTrue();
        assertThat(board.current().lastError()).isEqualTo("(-1) Update commit timeout expired");
        board.tryBegin("a", "poll");
        assertThat(board.note(UpdateState.SUCCESS, 1, "Update committed")).isFalse();
        assertThat(board.current().message()).isEqualTo("Checking for update");
    }
}
