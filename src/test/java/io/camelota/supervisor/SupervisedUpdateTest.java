package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.hello.AppJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervisor mode end to end, the agent in this JVM and the app as real child JVMs: the agent runs
 * the hello-app jar in the active slot, installs an update from its own update-server route,
 * "reboots" (app stopped, agent restarted in process, app started on the new slot) and keeps or
 * reverts it by what the app does in the commit window.
 */
class SupervisedUpdateTest {

    @TempDir
    Path tmp;

    private TestAgent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private TestAgent supervised(String factoryVersion, String updateVersion, String updateMode) throws Exception {
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        offer(updateVersion, updateMode, "2026-12-01T00:00:00Z");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app.command", HelloSlots.command());
        p.put("app.log", tmp.resolve("app.log").toString());
        p.put("app.env.HELLO_GREETING", "unused but passed");
        p.put("boot.reboot_mode", "restart");
        p.put("update.commit_timeout", "2");
        p.put("device.fw_version", factoryVersion);
        p.put("ota.server.enabled", "true");
        p.put("ota.server.dir", bundles.toString());
        TestAgent a = TestAgent.on(tmp.resolve("data"), p);
        a.writeFactoryImage(AppJar.build(factoryVersion, "serve"));
        return a;
    }

    /** Puts a bundle on the agent's update server (another timestamp = another size = another ETag). */
    private void offer(String version, String mode, String timestamp) throws IOException {
        Files.write(tmp.resolve("bundles").resolve("hello.zip"), TestBundles.builder().name("hello").platform("ubuntu")
                .version(version).buildId("20261201-000000/" + version).buildTimestamp(timestamp).attr("note", timestamp.endsWith("00:00:00Z") ? "first" : "rebuilt")
                .part("app", "app", "hello.jar", AppJar.build(version, mode)).build());
    }

    private String appLog() throws IOException {
        Path log = tmp.resolve("app.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private long count(String text) throws IOException {
        return appLog().lines().filter(text::equals).count();
    }

    private AppSupervisor supervisor() {
        return agent.context().getRegistry().lookupByNameAndType("otaAppSupervisor", AppSupervisor.class);
    }

    private Map<String, Object> status() throws Exception {
        return TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
    }

    private void pull() throws Exception {
        assertThat(TestHttp.post(agent.apiUrl("/update?url=") + agent.apiUrl("/firmware/hello.zip")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anUpdateReplacesTheRunningAppInPlace() throws Exception {
        agent = supervised("1.0", "1.1", "serve").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("hello from 1.0") == 1);
        long oldPid = supervisor().status().pid();
        // app.env.* reached the app's environment
        assertThat(Files.readString(Path.of("/proc/" + oldPid + "/environ"), StandardCharsets.ISO_8859_1))
                .contains("HELLO_GREETING=unused but passed\0");
        Map<String, Object> before = status();
        assertThat(before).containsEntry("app_state", "running").containsEntry("app_restarts", 0)
                .containsEntry("fw_version", "1.0");
        assertThat(((Number) before.get("app_pid")).longValue()).isEqualTo(oldPid);

        pull();
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.agent().boots() >= 2);
        agent.awaitBoot();
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.bootState().committed());

        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.activeContent().version()).isEqualTo("1.1");
        long newPid = supervisor().status().pid();
        assertThat(newPid).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        String log = appLog();
        // 1.0 was stopped (SIGTERM: its hook said bye) before 1.1, run from slot 1, said its own hello
        assertThat(log.indexOf("bye from 1.0")).isPositive().isLessThan(log.indexOf("hello from 1.1"));
        assertThat(log).contains("1.1 up at").contains("pid " + newPid);
        assertThat(HelloSlots.running(agent.slot(1))).extracting(ProcessHandle::pid).containsExactly(newPid);
        assertThat(HelloSlots.running(agent.slot(0))).isEmpty();
        Map<String, Object> after = status();
        assertThat(after).containsEntry("app_state", "running").containsEntry("fw_version", "1.1")
                .containsEntry("is_committed", true);
        assertThat(((Number) after.get("app_pid")).longValue()).isEqualTo(newPid);
    }

    @Test
    void anUpdateThatCrashesAtStartIsRevertedAndTheOldAppRunsAgain() throws Exception {
        agent = supervised("1.1", "1.2", "crash").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("hello from 1.1") == 1);

        pull();
        await().atMost(Duration.ofSeconds(240)).until(() -> count("hello from 1.1") == 2);
        agent.awaitBoot();
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isEqualTo(0);
        assertThat(s.committed()).isTrue();
        assertThat(s.activeContent().version()).isEqualTo("1.1");
        assertThat(s.rejected().version()).isEqualTo("1.2");
        assertThat(count("hello from 1.2")).isEqualTo(3);   // boot.attempts (default 3) starts, then the revert
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(status().get("app_state")));
        assertThat(status()).containsEntry("rejected_version", "1.2").containsEntry("fw_version", "1.1");
        assertThat(HelloSlots.running(agent.slot(1))).isEmpty();
        assertThat(HelloSlots.running(agent.slot(0))).hasSize(1);

        System.out.printf("rollback: 1.2 exited -> 1.1 running again: %d ms%n", rollbackMillis(appLog(), "1.2", "1.1"));

        // the next offer of 1.2 (rebuilt, so not a 304) is refused: nothing is installed, 1.1 keeps running
        offer("1.2", "crash", "2026-12-01T01:00:00Z");
        agent.checkNow(agent.apiUrl("/firmware/hello.zip"));
        assertThat(agent.status().message()).isEqualTo("Version was rolled back before");
        assertThat(agent.bootState().activeSlot()).isEqualTo(0);
    }

    /** From the crashing version's last exit to the old version's next start, by the apps' own wall clocks. */
    static long rollbackMillis(String log, String crashed, String old) {
        Matcher exit = Pattern.compile(Pattern.quote(crashed) + " exiting with code \\d+ at (\\d+)").matcher(log);
        long lastExit = -1;
        int from = 0;
        while (exit.find()) {
            lastExit = Long.parseLong(exit.group(1));
            from = exit.end();
        }
        Matcher up = Pattern.compile(Pattern.quote(old) + " up at (\\d+)").matcher(log);
        assertThat(lastExit).isPositive();
        assertThat(up.find(from)).isTrue();
        return Long.parseLong(up.group(1)) - lastExit;
    }

    static List<String> lines(String log, String prefix) {
        return log.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
