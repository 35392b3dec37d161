package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.app.TestAgent;
import io.camelota.status.StatusBoard.Snapshot;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One attempt's lifetime: the update.timeout watchdog on a silent server, and one attempt at a time. */
class CheckAttemptTest {

    @TempDir
    Path dir;

    RecordingHttpServer server;
    TestAgent agent;

    @BeforeEach
    void startServer() throws Exception {
        server = RecordingHttpServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    @Test
    void serverThatNeverAnswersEndsInUpdateTimedOut() throws Exception {
        server.silent();
        agent = TestAgent.on(dir.resolve("data"), Map.of("update.timeout", "2")).start();

        Exchange ex = CompletableFuture.supplyAsync(() -> agent.checkNow(server.url("/fw.zip")))
                .get(30, TimeUnit.SECONDS);

        Snapshot s = agent.status();
        assertThat(ex.getVariable(UpdateCheck.STARTED, Boolean.class)).isTrue();
        assertThat(server.rawHeads()).hasSize(1);
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Update timed out");
        assertThat(s.result()).isEqualTo(-1);
    }

    @Test
    void secondCheckIsSkippedWhileTheFirstIsInProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/slow.zip", h -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            h.sendResponseHeaders(304, -1);
            h.close();
        });
        server.respond("/fast.zip", 304);
        agent = TestAgent.on(dir.resolve("data"), Map.of("update.timeout", "60")).start();

        CompletableFuture<Exchange> first = CompletableFuture.supplyAsync(() -> agent.checkNow(server.url("/slow.zip")));
        try {
            assertThat(server.awaitRequests(1, Duration.ofSeconds(20))).isTrue();
            assertThat(agent.status().state()).isEqualTo(UpdateState.PROGRESS);
            String source = agent.status().source();

            Exchange second = agent.checkNow(server.url("/fast.zip"));

            assertThat(second.getVariable(UpdateCheck.STARTED, Boolean.class)).isFalse();
            assertThat(agent.status().state()).isEqualTo(UpdateState.PROGRESS);
            assertThat(agent.status().source()).isEqualTo(source).endsWith("/slow.zip");
            assertThat(server.paths()).containsExactly("/slow.zip");
            assertThat(first).isNotDone();
        } finally {
            release.countDown();
        }

        Exchange done = first.get(30, TimeUnit.SECONDS);
        assertThat(done.getVariable(UpdateCheck.STARTED, Boolean.class)).isTrue();
        assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);

        Exchange third = agent.checkNow(server.url("/fast.zip"));
        assertThat(third.getVariable(UpdateCheck.STARTED, Boolean.class)).as("guard released").isTrue();
        assertThat(server.paths()).containsExactly("/slow.zip", "/fast.zip");
    }
}
