package io.camelota.flash;

import java.io.ByteArrayInputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.status.StatusBoard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressStreamTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private ProgressStream stream(byte[] data, StatusBoard board, Long total) {
        InactivityWatchdog w = new InactivityWatchdog(scheduler, 0, new ByteArrayInputStream(new byte[0]));
        board.tryBegin("p", "test");
        return new ProgressStream(new ByteArrayInputStream(data), board, "p", total, w);
    }

    @Test
    void knownTotalGivesPercent() throws Exception {
        StatusBoard board = new StatusBoard();
        ProgressStream in = stream(new byte[1000], board, 1000L);
        in.read(new byte[250]);
        assertThat(board.current().progressPercent()).isEqualTo(25);
        assertThat(in.read()).isZero();
        assertThat(board.current().bytesReceived()).isEqualTo(251);
        in.readAllBytes();
        assertThat(board.current().progressPercent()).isEqualTo(100);
        assertThat(in.received()).isEqualTo(1000);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.received()).as("EOF is not a byte").isEqualTo(1000);
        scheduler.shutdownNow();
    }

    @Test
    void unknownTotalKeepsPercentNull() throws Exception {
        StatusBoard board = new StatusBoard();
        ProgressStream in = stream(new byte[5000], board, null);
        in.readAllBytes();
        assertThat(board.current().progressPercent()).isNull();
        assertThat(board.current().bytesReceived()).isEqualTo(5000);
        assertThat(board.current().bytesTotal()).isNull();
        scheduler.shutdownNow();
    }
}
