package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.device.PollSchedule;
import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.boot.BootControl;
import io.camelota.bundle.TestBundles;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a rollback the server still offers the refused version. The ETag stored when it was
 * installed describes firmware the device does not run, so it never makes a poll "Not Modified";
 * it is the rolled-back version's validator instead: every poll names the refusal from a 304,
 * without downloading the bundle, and the refusals do not grow the poll backoff.
 */
class RolledBackOfferTest {

    private static final String ETAG = "\"fw-1.1-rb\"";
    private static final String BUILD = "20261201-000000/rb";

    @TempDir
    Path tmp;

    private MisbehavingServer server;
    private TestAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        server = new MisbehavingServer(bundle("1.1"), ETAG);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    private static byte[] bundle(String version) {
        return TestBundles.builder().version(version).buildId(BUILD)
                .part("app", "app", "app.bin", TestBundles.randomBytes(80_000, version.hashCode())).build();
    }

    /**
     * Installs 1.1 from the server, reboots into it and lets its commit window fail the health check: the
     * revert, then the reboot back into 1.0.
     */
    private void installAndRollBack() throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), Map.of("update.commit_timeout", "1", "health.command", "false"))
                .start();
        agent.checkNow(server.url());
        assertThat(agent.status().message()).isEqualTo("Update applied, finalizing");
        agent.reboot();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> agent.bootState().rejected() != null);
        assertThat(agent.bootState().rejected().version()).isEqualTo("1.1");
        agent.reboot();
    }

    private PollSchedule schedule() {
        return agent.context().getRegistry().lookupByNameAndType("otaPollSchedule", PollSchedule.class);
    }

    private void assertRefusedAsRolledBack() throws Exception {
        assertThat(agent.status().state()).isEqualTo(UpdateState.ERROR);
        assertThat(agent.status().message()).isEqualTo("Version was rolled back before");
        Map<String, Object> json = TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
        assertThat(json.get("rejected_version")).isEqualTo("1.1");
        assertThat(json.get("fw_version")).isEqualTo("1.0");
        assertThat(agent.bootState().activeSlot()).isZero();
        assertThat(schedule().failures()).as("a deliberate refusal is not a failure").isZero();
    }

    @Test
    void everyPollAfterTheRollbackIsRefusedFromA304() throws Exception {
        installAndRollBack();
        for (int poll = 2; poll <= 4; poll++) {
            agent.checkNow(server.url());
            assertRefusedAsRolledBack();
            MisbehavingServer.Request r = server.requests().get(poll - 1);
            // the server answers 304 to exactly this header: nothing of the bundle is sent again
            assertThat(r.header("If-None-Match")).as("poll %d", poll).isEqualTo(ETAG);
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void withoutAStoredValidatorTheRefusalIsLearnedFromOneDownload() throws Exception {
        installAndRollBack();
        Files.delete(tmp.resolve("data").resolve("http-validators.json"));
        agent.close();
        agent = TestAgent.on(tmp.resolve("data"), Map.of()).start();

        agent.checkNow(server.url());
        assertRefusedAsRolledBack();
        assertThat(server.requests().get(1).header("If-None-Match")).as("nothing known: a full request").isNull();
        JsonNode stored = new ObjectMapper().readTree(tmp.resolve("data").resolve("http-validators.json").toFile());
        assertThat(stored.path(server.url()).path("etag").asText()).isEqualTo(ETAG);
        assertThat(stored.path(server.url()).path("version").asText()).isEqualTo("1.1");

        agent.checkNow(server.url());
        assertRefusedAsRolledBack();
        assertThat(server.requests().get(2).header("If-None-Match")).isEqualTo(ETAG);
    }

    @Test
    void aNewReleaseAfterTheRollbackIsInstalled() throws Exception {
        installAndRollBack();
        server.serve(bundle("1.2"), "\"fw-1.2-rb\"");
        agent.checkNow(server.url());
        assertThat(server.requests().get(1).header("If-None-Match")).isEqualTo(ETAG);
        assertThat(agent.status().message()).isEqualTo("Update applied, finalizing");
        assertThat(agent.bootState().slots().get(1).version()).isEqualTo("1.2");
    }

    @Test
    void anUncommittedInstallsValidatorNeverMakesAPollNotModified() throws Exception {
        // installed, then the agent restarts with a commit window: the first boot is on trial, and
        // the start after it (the window never closed) reverts — the ETag must not survive as "current"
        agent = TestAgent.on(tmp.resolve("data"), Map.of("update.commit_timeout", "3600", "boot.attempts", "1")).start();
        agent.checkNow(server.url());
        agent.close();
        agent = TestAgent.on(tmp.resolve("data"), Map.of("update.commit_timeout", "3600", "boot.attempts", "1")).start();
        assertThat(agent.bootState().committed()).isFalse();
        agent.close();
        agent = TestAgent.on(tmp.resolve("data"), Map.of()).start();
        assertThat(agent.bootState().activeSlot()).isZero();

        agent.checkNow(server.url());
        assertThat(agent.status().message()).isNotEqualTo("Not Modified").isEqualTo("Version was rolled back before");
    }
}
