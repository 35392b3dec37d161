package io.camelota.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole update cycles with the real agent in process and boot.reboot_mode=restart: install,
 * reboot (a new Camel context), then the commit window of routes/commit-or-rollback.yaml decides
 * (explicit commit, health.url, health.command, timeout, or a kill during the window).
 */
class CommitOrRollbackCycleTest {

    private static final byte[] FACTORY = random(256 * 1024, 1);
    private static final byte[] APP = random(200 * 1024, 2);
    private static final byte[] BUNDLE = TestBundles.builder().name("demo-app").platform("ubuntu").version("1.1")
            .buildId("20261129-120000/cycle").part("app", "app", "app.bin", APP).build();

    @TempDir
    Path tmp;

    private TestAgent agent;
    private TestAgent second;
    private TestHttp.Server server;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (second != null) {
            second.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void commitByEndpointAfterTheRestartKeepsSlot1() throws Exception {
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        Files.write(bundles.resolve("demo-app-1.1.zip"), BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "30", "ota.server.enabled", "true",
                "ota.server.dir", bundles.toString()));
        String factorySha = agent.writeFactoryImage(FACTORY);
        agent.start();

        // the bundle comes from the agent's own update-server route
        HttpResponse<String> pull = TestHttp.post(agent.apiUrl("/update?url=")
                + agent.apiUrl("/firmware/x.zip"));
        assertThat(pull.statusCode()).isEqualTo(200);
        assertThat(pull.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        awaitSecondBoot();

        BootState first = agent.bootState();
        assertThat(first.activeSlot()).isEqualTo(1);
        assertThat(first.committed()).isFalse();
        assertThat(first.bootCount()).isEqualTo(1);
        assertThat(first.attemptsLeft()).isEqualTo(2);
        assertThat(first.commitTimeout()).isEqualTo(30);

        HttpResponse<String> commit = TestHttp.post(agent.apiUrl("/update/commit"));
        assertThat(commit.statusCode()).isEqualTo(200);
        assertThat(commit.body()).isEqualTo("Ok");
        BootState s = agent.bootState();
        assertThat(s.committed()).isTrue();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.activeContent().version()).isEqualTo("1.1");
        assertThat(persisted().get("is_committed")).isEqualTo(true);
        assertThat(persisted().get("active_slot")).isEqualTo(1);

        HttpResponse<String> again = TestHttp.post(agent.apiUrl("/update/commit"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("Error");
        assertThat(agent.agent().boots()).isEqualTo(2);
        assertThat(SlotWriter.sha256(agent.slot(0), FACTORY.length)).isEqualTo(factorySha);
        assertThat(SlotWriter.sha256(agent.slot(1), APP.length)).isEqualTo(TestBundles.sha256Hex(APP));
    }

    @Test
    void healthUrlAnswering200CommitsAtTheEndOfTheWindow() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE).answer("/health", 200, "ok".getBytes());
        agent = agent(Map.of("update.commit_timeout", "1", "health.url", server.url("/health")));
        agent.start();

        installAndRestart();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> agent.bootState().committed());
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.activeContent().version()).isEqualTo("1.1");
        assertThat(server.hits("/health")).isEqualTo(1);
        // the board is told just after the boot state is written
        await().atMost(Duration.ofSeconds(5)).until(() -> "Update committed".equals(agent.status().message()));
        assertThat(agent.agent().boots()).isEqualTo(2);
    }

    @Test
    void healthUrlAnswering503RevertsAndReboots() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE).answer("/health", 503, "down".getBytes());
        agent = agent(Map.of("update.commit_timeout", "1", "health.url", server.url("/health")));
        agent.start();

        installAndRestart();
        awaitBoot(3);
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected().version()).isEqualTo("1.1");
        assertThat(server.hits("/health")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "Update reverted: health check failed".equals(agent.status().message()));
    }

    @Test
    void noCommitWithinTheWindowRollsBackToSlot0() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "1"));
        String factorySha = agent.writeFactoryImage(FACTORY);
        agent.start();

        installAndRestart();
        awaitBoot(3);
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected().version()).isEqualTo("1.1");

        // the status board is new after the reboot: the reason comes from the persisted boot state
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "Update reverted: health check failed".equals(agent.status().message()));
        Map<String, Object> status = TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
        assertThat(status.get("message")).isEqualTo("Update reverted: health check failed");
        assertThat(status.get("state")).isEqualTo("error");
        assertThat(persisted()).doesNotContainKey("revert_reason");
        assertThat(status.get("rejected_version")).isEqualTo("1.1");
        assertThat(status.get("partition")).isEqualTo(0);
        assertThat(status.get("fw_version")).isEqualTo("1.0");
        assertThat(status.get("is_committed")).isEqualTo(true);
        assertThat(SlotWriter.sha256(agent.slot(0), FACTORY.length)).isEqualTo(factorySha);

        // settled: this boot's decision (made before start() returned) asked for no further reboot
        assertThat(rebootOf(agent).requested()).isFalse();
        assertThat(agent.agent().boots()).isEqualTo(3);
        // the reason was reported once and is gone from the boot state
        agent.close();
        agent = agent(Map.of()).start();
        assertThat(agent.status().message()).isEqualTo("idle");
        assertThat(agent.bootState().rejected().version()).isEqualTo("1.1");
    }

    @Test
    void aStopDuringTheCommitWindowIsNotAVerdictTheNextStartTriesAgain() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "3600"));
        agent.start();

        installAndRestart();
        assertThat(persisted().get("boot_count")).isEqualTo(1);
        // an hour-long window must not hold up the stop (graceful shutdown waits for in-flight exchanges)
        assertThat(agent.agent().stop()).as("stopped without waiting out the window").isTrue();
        agent = null;

        second = agent(Map.of("update.commit_timeout", "3600")).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.bootState().bootCount() == 2);
        BootState s = second.bootState();
        assertThat(s.activeSlot()).as("the same new slot, tried again").isEqualTo(1);
        assertThat(s.committed()).isFalse();
        assertThat(s.rejected()).isNull();
        Map<String, Object> status = TestHttp.json(TestHttp.get(second.apiUrl("/update/status")).body());
        assertThat(status.get("boot_attempts_left")).isEqualTo(1);
        assertThat(status.get("fw_version")).isEqualTo("1.1");

        assertThat(TestHttp.post(second.apiUrl("/update/commit")).statusCode()).isEqualTo(200);
        assertThat(second.bootState().committed()).isTrue();
        assertThat(second.bootState().activeSlot()).isEqualTo(1);
        assertThat(TestHttp.json(TestHttp.get(second.apiUrl("/update/status")).body()).get("boot_attempts_left"))
                .isNull();
    }

    @Test
    void aStartWithTheAttemptsUsedUpRevertsAndSaysWhy() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "60", "boot.attempts", "1"));
        String factorySha = agent.writeFactoryImage(FACTORY);
        agent.start();

        installAndRestart();
        agent.close();
        agent = null;

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(new TeeStream(err, log), true, StandardCharsets.UTF_8));
        String reason = "Update reverted: boot attempts exhausted";
        try {
            second = agent(Map.of("update.commit_timeout", "60", "boot.attempts", "1")).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> reason.equals(second.status().message()));
        } finally {
            System.setErr(err);
        }
        BootState s = second.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected().version()).isEqualTo("1.1");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("used all 1 boot attempts without a commit");
        assertThat(second.status().lastError()).isEqualTo("(-1) " + reason);
        assertThat(SlotWriter.sha256(second.slot(0), FACTORY.length)).isEqualTo(factorySha);
        assertThat(second.agent().boots()).isEqualTo(1);
    }

    @Test
    void aCommitRightAfterTheInstallBeforeTheRebootIsRefused() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = TestAgent.on(tmp.resolve("data"), Map.of("boot.reboot_mode", "none", "update.commit_timeout", "60"));
        agent.start();
        agent.checkNow(server.url("/fw.zip"));
        assertThat(agent.bootState().activeSlot()).isEqualTo(1);
        byte[] before = Files.readAllBytes(tmp.resolve("data").resolve("boot-state.json"));

        HttpResponse<String> commit = TestHttp.post(agent.apiUrl("/update/commit"));
        assertThat(commit.statusCode()).as("an install that never booted cannot skip its health window").isEqualTo(400);
        assertThat(Files.readAllBytes(tmp.resolve("data").resolve("boot-state.json"))).isEqualTo(before);
        assertThat(agent.bootState().committed()).isFalse();
    }

    @Test
    void revertEndpointDuringTheWindowRebootsIntoSlot0AtOnce() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        // an hour-long window: boot #3 within awaitBoot's minute can only come from the revert itself
        agent = agent(Map.of("update.commit_timeout", "3600"));
        agent.start();

        installAndRestart();
        HttpResponse<String> revert = TestHttp.post(agent.apiUrl("/update/revert"));
        assertThat(revert.statusCode()).isEqualTo(200);
        assertThat(revert.body()).isEqualTo("Ok");
        awaitBoot(3);
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected().version()).isEqualTo("1.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Update reverted: explicit revert".equals(agent.status().message()));
        HttpResponse<String> again = TestHttp.post(agent.apiUrl("/update/revert"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("Error");
    }

    @Test
    void aCommitThatRacesInDuringTheHealthCheckIsKeptAndNothingReboots() throws Exception {
        // the health command commits through the endpoint, then reports unhealthy: the rollback that
        // follows finds nothing to revert, so the route must not reboot
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        agent = agent(Map.of("update.commit_timeout", "1", "ota.http.port", Integer.toString(port), "health.command",
                "curl -s -X POST http://127.0.0.1:" + port + "/update/commit; exit 1"));
        agent.start();

        installAndRestart();
        CamelContext second = agent.context();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> second.getInflightRepository().size("ota-commit-or-rollback") == 0);
        BootState s = agent.bootState();
        assertThat(s.committed()).as("the endpoint's commit stands").isTrue();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.rejected()).isNull();
        assertThat(rebootOf(agent).requested()).as("no reboot after a rollback that did nothing").isFalse();
        assertThat(agent.agent().boots()).isEqualTo(2);
    }

    @Test
    void healthCommandExit0Commits() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "1", "health.command", "exit 0"));
        agent.start();

        installAndRestart();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> agent.bootState().committed());
        assertThat(agent.bootState().activeSlot()).isEqualTo(1);
        assertThat(agent.agent().boots()).isEqualTo(2);
    }

    @Test
    void healthCommandExit1Reverts() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        agent = agent(Map.of("update.commit_timeout", "1", "health.command", "exit 1"));
        agent.start();

        installAndRestart();
        awaitBoot(3);
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.rejected().version()).isEqualTo("1.1");
    }

    @Test
    void healthCommandMustPassToo() throws Exception {
        // both configured: a 200 health.url does not save an update whose health.command fails
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE).answer("/health", 200, "ok".getBytes());
        agent = agent(Map.of("update.commit_timeout", "1", "health.url", server.url("/health"),
                "health.command", "exit 3"));
        agent.start();

        installAndRestart();
        awaitBoot(3);
        assertThat(agent.bootState().activeSlot()).isZero();
    }

    // ---------------------------------------------------------------------------------------

    private TestAgent agent(Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>(extra);
        p.put("boot.reboot_mode", "restart");
        return TestAgent.on(tmp.resolve("data"), p);
    }

    /** Pulls the bundle from the JDK server (in process, as Java code would) and waits for boot #2. */
    private void installAndRestart() throws Exception {
        agent.checkNow(server.url("/fw.zip"));
        awaitSecondBoot();
        assertThat(agent.bootState().activeSlot()).isEqualTo(1);
        assertThat(agent.bootState().committed()).isFalse();
    }

    private void awaitSecondBoot() throws Exception {
        awaitBoot(2);
        // the boot sequence runs on the boot timer just after the routes start
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.bootState().started());
    }

    private void awaitBoot(int n) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.agent().boots() >= n);
        agent.awaitBoot();
        assertThat(agent.agent().boots()).isEqualTo(n);
    }

    private static Reboot rebootOf(TestAgent a) {
        return a.context().getRegistry().lookupByNameAndType("otaReboot", Reboot.class);
    }

    private Map<String, Object> persisted() throws Exception {
        return TestHttp.json(Files.readString(tmp.resolve("data").resolve("boot-state.json")));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = TestBundles.randomBytes(size, seed);
        return b;
    }

    /** Copies stderr to a buffer while still printing it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
