package io.camelota.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.hello.AppJar;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;

/**
 * One whole update cycle of a real program, in one process plus the program's own JVMs, on
 * 127.0.0.1 only. The demo builds two tiny runnable jars (io.camelota.hello: "hello from 1.0" and
 * "hello from 1.1"; nothing binary is checked in), puts 1.0 in slot 0 and a bundle with 1.1 on the
 * update-server route, and runs the agent in supervisor mode ({@code app.command = java -jar {app}}):
 * it runs 1.0, polls, installs 1.1, stops 1.0, starts 1.1 from slot 1, which stays up through the
 * commit window and is committed. With --rollback the 1.1 exits at start: a failed boot, 1.0 runs
 * again by itself and the next poll refuses 1.1. Prints what the app said; exit 0 when the cycle
 * ended as expected.
 */
public final class Demo {

    private final boolean rollback;

    public Demo(boolean rollback) {
        this.rollback = rollback;
    }

    public int run() throws Exception {
        Path dir = Files.createTempDirectory("camel-ota-demo");
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path factory = data.resolve("slot0.img");
        Files.write(factory, AppJar.build("1.0", "serve"));
        String factorySha = SlotWriter.sha256(factory, Files.size(factory));
        Path app = dir.resolve("hello-1.1.jar");
        Files.write(app, AppJar.build("1.1", rollback ? "crash" : "serve"));
        BundleWriter.create(new BundleSpec("hello", "ubuntu", "1.1", "20261129-120000/demo", "2026-11-29T12:00:00Z",
                List.of(new BundleSpec.PartSpec("app", "app", app, Map.of()))), List.of(), bundles.resolve("hello-1.1.zip"));
        Path appLog = dir.resolve("app.log");

        int port = freePort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ota.data_dir", data.toString());
        p.put("ota.http.port", Integer.toString(port));
        p.put("ota.server.enabled", "true");
        p.put("ota.server.dir", bundles.toString());
        p.put("update.url", "http://127.0.0.1:" + port + "/firmware/hello.zip");
        p.put("update.interval", "1");
        p.put("update.poll_on_start", "true");
        p.put("update.commit_timeout", "2");
        p.put("boot.reboot_mode", "restart");
        p.put("app.command", Path.of(System.getProperty("java.home"), "bin", "java")
                + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar {app}");
        p.put("app.log", appLog.toString());
        p.put("device.id", "demo-device");
        p.put("device.platform", "ubuntu");
        p.put("device.fw_version", "1.0");
        p.put("device.fw_id", "20261101-000000/factory");

        long t0 = System.nanoTime();
        OtaAgent agent = new OtaAgent(p).start();
        try {
            boolean saidOld = waitFor(60, () -> said(appLog, "hello from 1.0") >= 1);
            System.out.println("app says: " + (saidOld ? "hello from 1.0" : "(nothing)"));
            boolean rebooted = waitFor(60, () -> agent.boots() >= 2);
            long tInstalled = System.nanoTime();
            agent.awaitStarted(60, TimeUnit.SECONDS);
            boolean decided = waitFor(90, () -> rollback
                    ? state(agent).activeSlot() == 0 && state(agent).rejected() != null && said(appLog, "hello from 1.0") >= 2
                    : state(agent).committed() && state(agent).activeSlot() == 1 && said(appLog, "hello from 1.1") >= 1);
            long tDecided = System.nanoTime();
            System.out.println("app says: " + (rollback ? "hello from 1.0" : "hello from 1.1"));
            String expectedNext = rollback ? "Version was rolled back before" : "Not Modified";
            boolean refused = waitFor(30, () -> expectedNext.equals(board(agent).message()));
            long tEnd = System.nanoTime();
            BootState s = state(agent);
            boolean factoryIntact = factorySha.equals(SlotWriter.sha256(factory, Files.size(factory)));
            boolean ok = saidOld && rebooted && decided && refused && factoryIntact
                    && (rollback ? s.activeSlot() == 0 && s.rejected() != null : s.activeSlot() == 1);
            System.out.println();
            System.out.println("camel-ota demo " + (rollback ? "(rollback)" : "") + " — " + (ok ? "OK" : "FAILED"));
            System.out.println("  factory app 1.0 (a runnable jar built just now) in slot 0, run by the agent: app.command = java -jar {app}");
            System.out.println("  update 1.1" + (rollback ? " (exits at start)" : "") + " served by the update-server route on 127.0.0.1:" + port);
            System.out.printf("  poll + download + verify + install + reboot: %d ms (agent boots: %d, same agent process)%n",
                    ms(t0, tInstalled), agent.boots());
            if (rollback) {
                System.out.printf("  1.1 said \"%s\" and exited in its commit window -> failed boot, rolled back to slot %d (%s): %d ms%n",
                        said(appLog, "hello from 1.1") > 0 ? "hello from 1.1" : "?", s.activeSlot(),
                        s.activeContent().version(), ms(tInstalled, tDecided));
                System.out.printf("  next poll offered 1.1 again -> refused: \"%s\": %d ms%n", board(agent).message(), ms(tDecided, tEnd));
            } else {
                System.out.printf("  1.1 stayed up through the commit window -> committed slot %d (%s %s): %d ms%n", s.activeSlot(),
                        s.activeContent().version(), s.activeContent().buildId(), ms(tInstalled, tDecided));
                System.out.printf("  next poll answered 304 -> \"%s\": %d ms%n", board(agent).message(), ms(tDecided, tEnd));
            }
            System.out.println("  factory slot 0 intact (sha256 " + factorySha.substring(0, 16) + "…): " + factoryIntact);
            System.out.println("  the app's own output: " + appLog);
            return ok ? 0 : 1;
        } finally {
            agent.stop();
        }
    }

    /** How many times the app printed exactly {@code line} so far. */
    private static long said(Path appLog, String line) {
        try {
            return Files.exists(appLog) ? Files.readAllLines(appLog).stream().filter(line::equals).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static BootState state(OtaAgent agent) {
        return agent.context().getRegistry().lookupByNameAndType("otaBootControl", BootControl.class).state();
    }

    private static StatusBoard.Snapshot board(OtaAgent agent) {
        return agent.context().getRegistry().lookupByNameAndType("otaStatusBoard", StatusBoard.class).current();
    }

    private static boolean waitFor(int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException ignored) {
                // the agent is between two boots: its context is not there yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static long ms(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
