package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One download cut three times mid-body and resumed three times with a Range request, in one agent. Every
 * resume's 206 response must be released when the install is done with it: with the connection pool at 2
 * per route, a leaked one per resume leaves no connection for the third.
 */
class RepeatedResumeTest {

    @TempDir
    Path tmp;

    @Test
    void threeBrokenDownloadsResumeInOneAgent() throws Exception {
        Map<String, String> props = Map.of("update.retries", "3", "update.retry_backoff_ms", "10",
                "camel.component.http.connections-per-route", "2",
                // a leaked pool makes the lease wait; fail in 15 s rather than HttpClient's 3 minutes
                "camel.component.http.connection-request-timeout", "15000");
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), props).start();
             MisbehavingServer server = new MisbehavingServer(new byte[0], "\"none\"")) {
            byte[] app = TestBundles.randomBytes(600_000, 1);
            byte[] bundle = TestBundles.builder().version("1.1").buildId("20261201-000001/r")
                    .part("app", "app", "app.bin", app).build();
            server.serve(bundle, "\"fw-1.1\"").on(1, Fault.closeAfter(120_000)).on(2, Fault.closeAfter(60_000))
                    .on(3, Fault.closeAfter(60_000));

            agent.checkNow(server.url());

            StatusBoard.Snapshot st = agent.status();
            assertThat(st.state()).as("%s; requests %s", st.message(), server.lines()).isEqualTo(UpdateState.SUCCESS);
            assertThat(st.message()).isEqualTo("Update applied, finalizing");
            assertThat(server.rangeRequests()).extracting(r -> r.header("Range"))
                    .containsExactly("bytes=120000-", "bytes=180000-", "bytes=240000-");
            int slot = agent.bootState().activeSlot();
            assertThat(slot).isEqualTo(1);
            assertThat(Files.readAllBytes(agent.slot(slot))).isEqualTo(app);
        }
    }
}
