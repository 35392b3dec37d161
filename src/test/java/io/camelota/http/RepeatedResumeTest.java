package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.boot.BootControl;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three updates in one agent, each download cut mid-body and resumed with a Range request. Every
 * resume's 206 response must be released when the install is done with it: with the connection
 * pool at 2 per route, a leaked one per resume leaves no connection for the third.
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
            BootControl boot = agent.context().getRegistry().lookupByNameAndType("otaBootControl", BootControl.class);
            for (int update = 1; update <= 3; update++) {
                byte[] app = TestBundles.randomBytes(300_000, update);
                byte[] bundle = TestBundles.builder().version("1." + update).buildId("20261201-00000" + update + "/r")
                        .part("app", "app", "app.bin", app).build();
                int first = server.requests().size() + 1;
                server.serve(bundle, "\"fw-1." + update + "\"").on(first, Fault.closeAfter(120_000));

                agent.checkNow(server.url());

                StatusBoard.Snapshot st = agent.status();
                assertThat(st.state()).as("update %d: %s; requests %s", update, st.message(), server.lines())
                        .isEqualTo(UpdateState.SUCCESS);
                assertThat(st.message()).isEqualTo("Update applied, finalizing");
                assertThat(server.rangeRequests()).as("update " + update).hasSize(update);
                assertThat(server.rangeRequests().get(update - 1).header("Range")).isEqualTo("bytes=120000-");
                int slot = agent.bootState().activeSlot();
                assertThat(slot).isEqualTo(update % 2);
                assertThat(Files.readAllBytes(agent.slot(slot))).isEqualTo(app);
                // the device boots the new firmware and keeps it (what the boot sequence and a commit do)
                boot.boot();
                assertThat(boot.commit()).isTrue();
            }
        }
    }
}
