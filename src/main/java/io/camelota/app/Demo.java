package io.camelota.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;

/**
 * One whole update cycle on embedded defaults, in one process, on 127.0.0.1 only: a demo bundle
 * 1.1 is built, the update server route serves it, and the agent — factory firmware 1.0 on file
 * slots — polls, installs, reboots in process, passes (or, with --rollback, fails) its health
 * check, commits (or rolls back), and polls again. Prints a summary; exit 0 when the cycle ended
 * as expected.
 */
public final class Demo {

    private static final int IMAGE_BYTES = 4 << 20;

    private final boolean rollback;

    public Demo(boolean rollback) {
        this.rollback = rollback;
    }

    public int run() throws Exception {
        Path dir = Files.createTempDirectory("camel-ota-demo");
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path factory = data.resolve("slot0.img");
        Files.write(factory, image(1));
        String factorySha = SlotWriter.sha256(factory, Files.size(factory));
        Path app = dir.resolve("demo-app.bin");
        Files.write(app, image(2));
        BundleWriter.create(new BundleSpec("demo-app", "ubuntu", "1.1", "20261129-120000/demo", "2026-11-29T12:00:00Z",
                List.of(new BundleSpec.PartSpec("app", "app", app, Map.of()))), List.of(), bundles.resolve("demo-app-1.1.zip"));

        int port = freePort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ota.data_dir", data.toString());
        p.put("ota.http.port", Integer.toString(port));
        p.put("ota.server.enabled", "true");
        p.put("ota.server.dir", bundles.toString());
        p.put("ota.demo.enabled", "true");
        p.put("ota.demo.health_status", rollback ? "503" : "200");
        p.put("update.url", "http://127.0.0.1:" + port + "/firmware/demo-app.zip");
        p.put("update.interval", "1");
        p.put("update.poll_on_start", "true");
        p.put("update.commit_timeout", "2");
        p.put("health.url", "http://127.0.0.1:" + port + "/demo/health");
        p.put("boot.reboot_mode", "restart");
        p.put("device.id", "demo-device");
        p.put("device.platform", "ubuntu");
        p.put("device.fw_version", "1.0");
        p.put("device.fw_id", "20261101-000000/factory");

        long t0 = System.nanoTime();
        OtaAgent agent = new OtaAgent(p).start();
        try {
            boolean rebooted = waitFor(60, () -> agent.boots() >= 2);
            long tInstalled = System.nanoTime();
            agent.awaitStarted(60, TimeUnit.SECONDS);
            BootControl boot = agent.context().getRegistry().lookupByNameAndType("bootControl", BootControl.class);
            boolean decided = waitFor(60, () -> rollback ? agent.boots() >= 3 : boot.state().committed()
                    && boot.state().activeSlot() == 1);
            long tDecided = System.nanoTime();
            String expectedNext = rollback ? "Version was rolled back before" : "Not Modified";
            boolean notModified = waitFor(30, () -> expectedNext.equals(board(agent).message()));
            long tEnd = System.nanoTime();
            BootState s = agent.context().getRegistry().lookupByNameAndType("bootControl", BootControl.class).state();
            boolean factoryIntact = factorySha.equals(SlotWriter.sha256(factory, Files.size(factory)));
            boolean ok = rebooted && decided && notModified && factoryIntact
                    && (rollback ? s.activeSlot() == 0 && s.rejected() != null : s.activeSlot() == 1);
            System.out.println();
            System.out.println("camel-ota demo " + (rollback ? "(rollback)" : "") + " — " + (ok ? "OK" : "FAILED"));
            System.out.println("  factory firmware 1.0 in slot 0, update 1.1 served by the update-server route on 127.0.0.1:" + port);
            System.out.printf("  poll + download + verify + install + reboot: %d ms (boots: %d)%n", ms(t0, tInstalled), agent.boots());
            if (rollback) {
                System.out.printf("  health check failed -> rolled back to slot %d (%s), rejected %s: %d ms%n", s.activeSlot(),
                        s.activeContent().version(), s.rejected() == null ? "?" : s.rejected().version(), ms(tInstalled, tDecided));
                System.out.printf("  next poll offered 1.1 again -> refused: \"%s\": %d ms%n", board(agent).message(), ms(tDecided, tEnd));
            } else {
                System.out.printf("  health check passed -> committed slot %d (%s %s): %d ms%n", s.activeSlot(),
                        s.activeContent().version(), s.activeContent().buildId(), ms(tInstalled, tDecided));
                System.out.printf("  next poll answered 304 -> \"%s\": %d ms%n", board(agent).message(), ms(tDecided, tEnd));
            }
            System.out.println("  factory slot 0 intact (sha256 " + factorySha.substring(0, 16) + "…): " + factoryIntact);
            System.out.println("  data folder: " + data);
            return ok ? 0 : 1;
        } finally {
            agent.stop();
        }
    }

    private static StatusBoard.Snapshot board(OtaAgent agent) {
        return agent.context().getRegistry().lookupByNameAndType("statusBoard", StatusBoard.class).current();
    }

    private static byte[] image(long seed) {
        byte[] b = new byte[IMAGE_BYTES];
        new Random(seed).nextBytes(b);
        return b;
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
