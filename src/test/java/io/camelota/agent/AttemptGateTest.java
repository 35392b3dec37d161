package io.camelota.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.FileBootloader;
import io.camelota.boot.SlotContent;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one "may an attempt start now" of poll, pull and upload, on a real boot-state file. */
class AttemptGateTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.0", "f", null, null);
    private static final SlotContent NEW = new SlotContent("app", "ubuntu", "1.1", "n", "ab".repeat(32), 10L);

    @TempDir
    Path dir;

    private BootControl boot;
    private StatusBoard board;

    @BeforeEach
    void setUp() {
        boot = new BootControl(new FileBootloader(dir.resolve("boot-state.json")), FACTORY);
        board = new StatusBoard();
    }

    @Test
    void anAttemptWaitsForTheBootDecision() throws Exception {
        AttemptGate gate = new AttemptGate(board, boot, 60_000);
        CompletableFuture<AttemptGate.Verdict> upload = CompletableFuture.supplyAsync(() -> gate.tryStart("up", "upload"));
        // whatever the scheduling, nothing can hold the guard before the decision
        assertThat(board.isBusy()).isFalse();
        boot.boot();
        assertThat(board.isBusy()).as("the boot state alone does not open the gate").isFalse();
        gate.bootDecided();
        assertThat(upload.get(60, TimeUnit.SECONDS)).isEqualTo(AttemptGate.Verdict.STARTED);
        assertThat(board.holds("up")).isTrue();
    }

    @Test
    void withoutADecisionInTimeNothingStarts() {
        AttemptGate gate = new AttemptGate(board, boot, 0);
        assertThat(gate.tryStart("poll", "url")).isEqualTo(AttemptGate.Verdict.NOT_BOOTED);
        assertThat(board.isBusy()).isFalse();
    }

    @Test
    void anUncommittedSlotAndABusyBoardRefuse() throws Exception {
        AttemptGate gate = new AttemptGate(board, boot, 0);
        boot.boot();
        gate.bootDecided();
        assertThat(gate.tryStart("a", "poll")).isEqualTo(AttemptGate.Verdict.STARTED);
        assertThat(gate.tryStart("b", "upload")).isEqualTo(AttemptGate.Verdict.BUSY);
        boot.installed(1, NEW, 0);
        board.success("a", "Update applied, finalizing");
        board.end("a");
        // the install that just ended left an uncommitted slot: the next attempt must see it
        assertThat(gate.tryStart("c", "poll")).isEqualTo(AttemptGate.Verdict.UNCOMMITTED);
        assertThat(board.isBusy()).isFalse();
        assertThat(board.current().message()).isEqualTo("Update applied, finalizing");
    }

    @Test
    void theBootNoteIsWrittenBeforeTheGateOpens() throws Exception {
        // one boot attempt, used by a first boot that never committed: the next start reverts and says so
        BootControl once = new BootControl(new FileBootloader(dir.resolve("boot-state.json")), FACTORY, 1);
        once.boot();
        once.installed(1, NEW, 60);
        BootControl firstBoot = new BootControl(new FileBootloader(dir.resolve("boot-state.json")), FACTORY, 1);
        assertThat(firstBoot.boot()).isEqualTo(BootControl.BootOutcome.FIRST_BOOT);
        BootControl next = new BootControl(new FileBootloader(dir.resolve("boot-state.json")), FACTORY, 1);
        AttemptGate gate = new AttemptGate(board, next, 60_000);
        BootSequence sequence = new BootSequence(next, board, gate);

        CompletableFuture<String> seenByAnEarlyPoll = CompletableFuture.supplyAsync(() -> {
            AttemptGate.Verdict v = gate.tryStart("early", "poll");
            return v + " " + board.current().message();
        });
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        sequence.start(exchange);
        assertThat(exchange.getVariable("ota_boot", String.class)).isEqualTo("attempts_exhausted");
        // the early poll got in only after the note, so it started from it and nothing overwrote its status
        assertThat(seenByAnEarlyPoll.get(60, TimeUnit.SECONDS)).isEqualTo("STARTED Checking for update");
        assertThat(board.current().lastError()).isEqualTo("(-1) Update reverted: boot attempts exhausted");
        assertThat(board.current().state()).isEqualTo(UpdateState.PROGRESS);
    }
}
