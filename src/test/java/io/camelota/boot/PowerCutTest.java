package io.camelota.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.slot.SlotWriter;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts: the real agent in its own JVM, SIGKILLed at random instants of an update cycle, then
 * started again on the same data folder, as a device that loses power and boots again.
 *
 * <p>A process-kill test: SIGKILL ends the JVM but keeps the kernel's page cache, so it proves the
 * agent's write ordering and atomic renames, not the medium's behaviour when power is really cut.
 *
 * <p>Set-up: factory image 1.0 in slot0.img; the agent's own update-server route serves a 32 MiB
 * bundle 1.1 on 127.0.0.1; update.interval=1 with poll_on_start; commit_timeout 1; health.command
 * "true" (a passing health check); boot.attempts 3 (the default); boot.reboot_mode=exit — the
 * harness restarts the agent on exit code 75, like systemd.
 *
 * <p>T is 15 s ({@code powercut.window_ms}), or one measured unkilled cycle with
 * {@code -Dpowercut.measure=true}. Then, {@code powercut.kills} times
 * (default 6), the agent runs (restarted after each reboot exit) and is killed with SIGKILL: kill i
 * aims at phase i mod 6 — a uniform instant of [0, T], or just after the log shows the download
 * writing the slot, the read-back verify, the boot-state switch, the first boot (attempt consumed),
 * the commit window — plus a random 0–200 ms, with a fixed seed ({@code powercut.seed}, printed). So
 * few kills still hit every phase. After every kill and every reboot exit the data folder must
 * satisfy {@link PowerCutInvariants}. An episode that reached its end — 1.1 committed, or rolled back
 * to 1.0, which may only happen when {@code boot.attempts} kills in a row hit the same new slot
 * before its commit (checked: the reverting start logged "used all 3 boot attempts") — is ended at
 * once (SIGKILL, checked too) and replaced by a fresh factory episode on the same folder. Finally
 * the agent runs without kills from where the last kill left it and must commit 1.1 and answer the
 * next poll with "Not Modified".
 *
 * <p>Figures (kills / survived / completed, and the phases the kills hit) are printed and written
 * to {@code powercut.report} (default target/power-cut-report.txt). bench/power-cut-soak.sh runs
 * this with 100 kills.
 */
class PowerCutTest {

    private static final long APP_BYTES = 32L << 20;
    /** What kill i aims at (i mod 6): null = a uniform instant of [0, T]; else just after this log line. */
    private static final String[] TARGETS = {null, "Writing slot", "download 100%", "bytes written and verified",
        "boot: trial boot of slot", "lifecycle: commit window"};
    private static final int FACTORY_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentProcess agent;
    private final List<String> violations = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private PowerCutInvariants invariants;
    private boolean stateEverWritten;
    private int rebootExits;
    private Path data;
    /** During the kills: an episode that reached its end is replaced by a fresh one at once. */
    private boolean rolling;
    private int completedEpisodes;
    private int rolledBackEpisodes;
    private int episodeEnds;

    @AfterEach
    void killAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void killNineAtRandomInstantsNeverBricksAndTheUpdateStillCompletes(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp)
            throws Exception {
        int kills = Integer.getInteger("powercut.kills", 6);
        long seed = Long.getLong("powercut.seed", 20261129L);
        Path project = Path.of("").toAbsolutePath();  // surefire runs in the project root (pom.xml)
        assertTrue(Files.isDirectory(project.resolve("routes")), "project root with routes/: " + project);
        say("seed " + seed + " (rerun: -Dpowercut.seed=" + seed + "), kills " + kills + ", temp " + tmp);

        data = Files.createDirectories(tmp.resolve("data"));
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path factory = data.resolve("slot0.img");
        writeRandom(factory, FACTORY_BYTES, 1);
        String factorySha = SlotWriter.sha256(factory, FACTORY_BYTES);
        Path app = tmp.resolve("app-1.1.bin");
        writeRandom(app, APP_BYTES, 2);
        String appSha = SlotWriter.sha256(app, APP_BYTES);
        BundleWriter.create(new BundleSpec("app", "ubuntu", "1.1", "20261129-120000/power-cut", "2026-11-29T12:00:00Z",
                List.of(new BundleSpec.PartSpec("app", "app", app, Map.of()))), List.of(), bundles.resolve("app-1.1.zip"));
        Files.delete(app);

        int port = freePort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ota.data_dir", data.toString());
        p.put("ota.http.host", "127.0.0.1");
        p.put("ota.http.port", Integer.toString(port));
        p.put("ota.server.enabled", "true");
        p.put("ota.server.dir", bundles.toString());
        p.put("update.url", "http://127.0.0.1:" + port + "/firmware/app.zip");
        p.put("update.interval", "1");
        p.put("update.poll_on_start", "true");
        p.put("update.commit_timeout", "1");
        p.put("update.timeout", "60");
        p.put("boot.reboot_mode", "exit");
        p.put("boot.exit_code", Integer.toString(AgentProcess.REBOOT_EXIT));
        p.put("health.command", "true");
        p.put("health.url", "");
        p.put("boot.attempts", "3");
        p.put("device.platform", "ubuntu");
        p.put("device.fw_version", "1.0");
        p.put("device.mac", "0A1B2C3D4E5F");
        p.put("device.id", "power-cut");
        agent = new AgentProcess(project, logs, port, p);
        invariants = new PowerCutInvariants(data, factorySha, FACTORY_BYTES, appSha, APP_BYTES);

        // 1. T, the window the uniform kills are drawn from: by default a fixed 15 s (about one cycle, launch
        //    to commit, on an idle 2-core machine); -Dpowercut.measure=true measures one unkilled cycle instead.
        long t0 = System.nanoTime();
        long cycleMs = Long.getLong("powercut.window_ms", 15_000L);
        if (Boolean.getBoolean("powercut.measure")) {
            invariants.resetToFactory();
            agent.launch();
            boolean committed = supervise(300_000, () -> agent.log().contains("boot: committed slot 1"));
            cycleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(committed, "the unkilled cycle did not commit within 300 s; log " + agent.currentLog());
            agent.kill();
            checkNow("after the measured cycle");
            say("one unkilled cycle (launch to commit, one reboot exit): T = " + cycleMs + " ms");
        }

        // 2. Kills aimed at each phase in turn (see TARGETS), the first of every six at a uniform instant of [0, T].
        Random rnd = new Random(seed);
        Map<String, Integer> phases = new TreeMap<>();
        int survived = 0;
        invariants.resetToFactory();
        stateEverWritten = false;
        rolling = true;
        long killStart = System.nanoTime();
        for (int i = 1; i <= kills; i++) {
            String target = TARGETS[(i - 1) % TARGETS.length];
            long delay = target == null ? (long) (rnd.nextDouble() * cycleMs) : rnd.nextInt(200);
            if (!agent.alive()) {
                agent.launch();
            }
            // an episode that ended meanwhile starts again from the factory state: the target comes again
            if (target != null && !supervise(Math.max(2 * cycleMs, 300_000), () -> agent.log().contains(target))) {
                say("kill #" + i + ": " + target + " not seen in time, killing anyway");
            }
            supervise(delay, () -> false);
            String phase = phaseOf(agent.log());
            long pid = agent.pid();
            agent.kill();
            phases.merge(phase, 1, Integer::sum);
            PowerCutInvariants.Observation o = checkNow("kill #" + i);
            if (o.ok()) {
                survived++;
            }
            say(String.format("kill #%d %s+%d ms, pid %d (launch %d), phase %-28s -> %s%s", i,
                    target == null ? "at " : "after '" + target + "' ", delay, pid,
                    agent.launches(), phase, o.summary(), o.ok() ? "" : "  VIOLATED: " + o.violations()));
            if (o.completed() || o.rolledBack()) {
                newEpisode(o);
            }
        }
        rolling = false;
        long killMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killStart);

        // 3. No more kills: from where the last kill left it, the update completes and a later poll is 304.
        boolean finalCompleted = false;
        boolean notModified = false;
        String status = null;
        for (int attempt = 1; attempt <= 2 && !finalCompleted; attempt++) {
            if (!agent.alive()) {
                agent.launch();
            }
            boolean ended = supervise(300_000, () -> {
                JsonNode s = readState(data);
                if (s == null || !s.path("is_committed").asBoolean(false)) {
                    return false;
                }
                boolean rolledBack = s.path("active_slot").asInt() == 0 && s.has("rejected");
                boolean done = s.path("active_slot").asInt() == 1 && agent.log().contains("update success: Not Modified");
                return rolledBack || done;
            });
            JsonNode s = readState(data);
            if (ended && s != null && s.path("active_slot").asInt() == 1) {
                finalCompleted = true;
                notModified = true;
                for (int k = 0; k < 50 && (status == null || !status.contains("Not Modified")); k++) {
                    status = agent.status();
                    Thread.sleep(100);
                }
            }
            agent.kill();
            PowerCutInvariants.Observation o = checkNow("end of final run " + attempt);
            say("final run " + attempt + ": " + o.summary() + (finalCompleted ? ", next poll: Not Modified" : ""));
            if (!finalCompleted && o.rolledBack()) {
                say("final run " + attempt + " rolled back (the last kill hit the commit window): fresh factory episode");
                newEpisode(o);
            } else if (!finalCompleted) {
                break;
            }
        }
        int completed = completedEpisodes + (finalCompleted ? 1 : 0);

        say("phases hit: " + phases);
        say("reboot exits (75) checked: " + rebootExits + ", episode ends checked: " + episodeEnds
                + ", agent launches: " + agent.launches()
                + ", kill phase " + killMs / 1000 + " s");
        say("episodes: completed " + completed + " (" + completedEpisodes + " during kills + final "
                + (finalCompleted ? 1 : 0) + "), rolled back by design " + rolledBackEpisodes);
        say("status after the final poll: " + status);
        long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        say(String.format("RESULT kills=%d survived=%d completed=%d reverted=%d (all by attempts exhausted) "
                + "violations=%d T_ms=%d total_ms=%d seed=%d",
                kills, survived, completed, rolledBackEpisodes, violations.size(), cycleMs, totalMs, seed));

        assertEquals(List.of(), violations, "invariant violations (logs in " + tmp + ")");
        assertEquals(kills, survived, "kills survived");
        assertTrue(finalCompleted, "the update did not complete after the kills (logs in " + tmp + ")");
        assertTrue(notModified && status != null && status.contains("Not Modified"),
                "the poll after the commit did not answer Not Modified: status " + status);
        assertTrue(agent.launches() > kills, "the agent was restarted after every kill");
    }

    /**
     * Runs the agent for {@code millis} like a supervisor: a reboot exit (75) is checked and the agent
     * started again at once; any other exit fails the test. Returns early (true) once {@code done} holds.
     */
    private boolean supervise(long millis, Condition done) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (done.holds()) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            if (rolling && episodeOver(readState(data))) {
                // The cycle is over (1.1 committed, or rolled back): the device is switched off (SIGKILL,
                // checked like any kill) and a fresh factory episode starts, so the kills keep landing in
                // every phase of a cycle instead of in idle polling.
                agent.kill();
                episodeEnds++;
                newEpisode(checkNow("end of episode"));
                agent.launch();
                continue;
            }
            Integer code = agent.awaitExit(Math.min(left, 100));
            if (code == null) {
                continue;
            }
            if (code != AgentProcess.REBOOT_EXIT) {
                throw new AssertionError("agent exited with " + code + " instead of " + AgentProcess.REBOOT_EXIT
                        + "; log " + agent.currentLog() + ":\n" + tail(agent.log()));
            }
            rebootExits++;
            checkNow("reboot exit of launch " + agent.launches());
            agent.launch();
        }
    }

    private static boolean episodeOver(JsonNode s) {
        if (s == null || !s.path("is_committed").asBoolean(false)) {
            return false;
        }
        return s.path("active_slot").asInt() == 1 || s.has("rejected");
    }

    private void newEpisode(PowerCutInvariants.Observation end) throws IOException {
        if (end.completed()) {
            completedEpisodes++;
        } else if (end.rolledBack()) {
            rolledBackEpisodes++;
            // a kill with attempts left is a retry: the only revert here can be the attempts running out
            // (health.command is "true", nobody calls /update/revert)
            if (!agent.log().contains("used all 3 boot attempts without a commit")) {
                violations.add("rolled back without the boot attempts running out; log " + agent.currentLog());
            }
        }
        invariants.resetToFactory();
        stateEverWritten = false;
    }

    private PowerCutInvariants.Observation checkNow(String when) throws IOException {
        PowerCutInvariants.Observation o = invariants.check(stateEverWritten);
        if (o.stateExists()) {
            stateEverWritten = true;
        }
        for (String v : o.violations()) {
            violations.add(when + ": " + v);
        }
        if (!o.ok()) {
            say(when + ": VIOLATED " + o.violations() + "\n" + tail(agent.log()));
        }
        return o;
    }

    /** Where in the cycle the killed launch was, from its log (the last milestone it reached). */
    static String phaseOf(String log) {
        if (log.contains("update success: Not Modified")) {
            return "idle (committed, polling)";
        }
        if (log.contains("boot: committed slot")) {
            return "commit written";
        }
        if (log.contains("reverted to slot")) {
            return "after revert";
        }
        if (log.contains("lifecycle: commit window")) {
            return "commit window";
        }
        if (log.contains("boot: trial boot of slot")) {
            return "trial boot (attempt used)";
        }
        if (log.contains("set active for next boot")) {
            return "switched, reboot pending";
        }
        if (log.contains("bytes written and verified")) {
            return "boot-state switch";
        }
        if (log.contains("download 100%")) {
            return "fsync + read-back verify";
        }
        if (log.contains("Writing slot")) {
            return "download + write";
        }
        if (log.contains("boot: ") || log.contains("update progress:")) {
            return "booted, polling";
        }
        return "JVM/Camel start-up";
    }

    private static JsonNode readState(Path data) {
        try {
            return JSON.readTree(data.resolve(PowerCutInvariants.STATE).toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** Prints a line and appends it to the report file at once (a crashed run still shows how far it got). */
    private void say(String line) {
        String s = "[power-cut] " + line;
        System.out.println(s);
        report.append(s).append('\n');
        try {
            Path out = reportFile();
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.toString());
        } catch (IOException e) {
            System.out.println("[power-cut] cannot write the report: " + e.getMessage());
        }
    }

    private static Path reportFile() {
        Path project = Path.of("").toAbsolutePath();  // surefire runs in the project root (pom.xml)
        return Path.of(System.getProperty("powercut.report", project.resolve("target/power-cut-report.txt").toString()));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) {
            if (!lines[i].startsWith("\tat ")) {
                b.append("    | ").append(lines[i]).append('\n');
            }
        }
        return b.toString();
    }

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
