package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM (as systemd runs it) supervising the hello app: a kill -9 of the agent
 * leaves the app running, and the next agent must stop that orphan before starting the app, so
 * there are never two copies; a SIGTERM to the agent stops the app with it.
 */
class AgentCrashTest {

    @TempDir
    Path tmp;

    private final List<Process> agents = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (Process p : agents) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        HelloSlots.running(tmp.resolve("data/slot0.img")).forEach(ProcessHandle::destroyForcibly);
        HelloSlots.running(tmp.resolve("data/slot1.img")).forEach(ProcessHandle::destroyForcibly);
    }

    private Process launchAgent(Path log, int port) throws IOException {
        return launchAgent(log, port, Map.of());
    }

    private Process launchAgent(Path log, int port, Map<String, String> more) throws IOException {
        Map<String, String> props = new java.util.LinkedHashMap<>(Map.of("ota.data_dir", tmp.resolve("data").toString(),
                "ota.http.port", Integer.toString(port), "app.command", HelloSlots.command(), "app.stop_timeout", "5",
                "boot.reboot_mode", "exit", "device.mac", "0A1B2C3D4E5F"));
        props.putAll(more);
        Process p = HelloSlots.startOtaMain("-Xmx128m", props, log);
        agents.add(p);
        return p;
    }

    private long recordedAppPid() throws IOException {
        return new ObjectMapper().readTree(tmp.resolve("data/app.pid").toFile()).get("pid").asLong();
    }

    @Test
    void noSecondCopyAfterAKillMinus9AndSigtermStopsTheApp() throws Exception {
        Path slot0 = HelloSlots.write(tmp.resolve("data/slot0.img"), "1.0", "serve");
        int port = TestAgentPorts.free();
        Path log1 = tmp.resolve("agent-1.log");
        Process first = launchAgent(log1, port);
        await().atMost(Duration.ofSeconds(90)).until(() -> HelloSlots.read(log1).contains("[app] hello from 1.0"));
        long orphan = recordedAppPid();

        first.destroyForcibly();   // SIGKILL: no hook, the app is left behind
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        Path log2 = tmp.resolve("agent-2.log");
        Process second = launchAgent(log2, port);
        await().atMost(Duration.ofSeconds(90)).until(() -> HelloSlots.read(log2).contains("[app] hello from 1.0"));
        assertThat(HelloSlots.read(log2)).contains("pid " + orphan + " is still running from before the agent's restart");
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        long app = recordedAppPid();
        assertThat(HelloSlots.running(slot0)).extracting(ProcessHandle::pid).containsExactly(app);

        second.destroy();   // SIGTERM, as systemctl stop: the app goes with the agent
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(app).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(HelloSlots.running(slot0)).isEmpty();
        assertThat(tmp.resolve("data/app.pid")).doesNotExist();
        assertThat(HelloSlots.read(log2)).contains("[app] bye from 1.0");
    }

    @Test
    void aKillDuringTheCommitWindowTriesTheNewAppAgainAndCommitsIt() throws Exception {
        HelloSlots.write(tmp.resolve("data/slot0.img"), "1.0", "serve");
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        Files.write(bundles.resolve("hello.zip"), io.camelota.bundle.TestBundles.builder().name("hello")
                .platform("ubuntu").version("1.1").buildId("b11")
                .part("app", "app", "hello.jar", io.camelota.hello.AppJar.build("1.1", "serve")).build());
        int port = TestAgentPorts.free();
        Map<String, String> more = Map.of("boot.reboot_mode", "restart", "update.commit_timeout", "6",
                "ota.server.enabled", "true", "ota.server.dir", bundles.toString());
        Path log1 = tmp.resolve("agent-1.log");
        Process first = launchAgent(log1, port, more);
        await().atMost(Duration.ofSeconds(90)).until(() -> HelloSlots.read(log1).contains("[app] hello from 1.0"));
        String base = "http://127.0.0.1:" + port;
        assertThat(io.camelota.app.TestHttp.post(base + "/update?url=" + base + "/firmware/hello.zip").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> HelloSlots.read(log1).contains("[app] hello from 1.1"));
        assertThat(io.camelota.app.TestHttp.json(io.camelota.app.TestHttp.get(base + "/update/status").body()))
                .containsEntry("app_state", "starting").containsEntry("is_committed", false);

        first.destroyForcibly();   // power cut in 1.1's commit window
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path log2 = tmp.resolve("agent-2.log");
        launchAgent(log2, port, more);
        await().atMost(Duration.ofSeconds(120)).until(() -> HelloSlots.read(log2).contains("committed slot 1"));
        assertThat(HelloSlots.read(log2)).contains("[app] hello from 1.1").doesNotContain("[app] hello from 1.0");
        assertThat(HelloSlots.running(tmp.resolve("data/slot1.img"))).hasSize(1);
        assertThat(HelloSlots.running(tmp.resolve("data/slot0.img"))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(io.camelota.app.TestHttp.json(
                io.camelota.app.TestHttp.get(base + "/update/status").body()).get("app_state")));
    }

    /** A free loopback port (the agent binds it itself). */
    static final class TestAgentPorts {
        static int free() throws IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
