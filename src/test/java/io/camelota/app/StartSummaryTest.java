package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block the agent logs once started, read from the agent's real output: the standalone agent as a
 * JVM of its own in a working folder with or without config/application.properties, and the library
 * inside a host's CamelContext (the host's log).
 */
class StartSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void withoutConfigFileOrUrlItSaysBuiltInDefaultsAndWhyItDoesNotPoll() throws Exception {
        String out = standalone(tmp, List.of("-Dupdate.url="));
        assertThat(out).contains("camel-ota started")
                .contains("config:     no config/application.properties in " + tmp.toRealPath() + ": built-in defaults")
                .contains("polling:    polling off: update.url is not set")
                .containsPattern("device API: on the agent's own server: http://127\\.0\\.0\\.1:0/update")
                .contains("boot:       backend file, reboot_mode none, data folder " + tmp.resolve("data"))
                .contains("slots:      0: " + tmp.resolve("data/slot0.img") + ", 1: " + tmp.resolve("data/slot1.img"));
    }

    @Test
    void configFileWithIntervalZeroIsNamed() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("config")).resolve("application.properties");
        Files.writeString(conf, "ota.enabled = true\nupdate.url = http://127.0.0.1:9/fw.zip\nupdate.interval = 0\n"
                + "ota.http.mode = off\nboot.backend = file\n");
        String out = standalone(tmp, List.of());
        assertThat(out).contains("config:     " + conf.toRealPath())
                .contains("polling off: update.interval is 0 (set the seconds between checks of http://127.0.0.1:9/fw.zip)")
                .contains("device API: off");
    }

    @Test
    void aHostWithUrlAloneGetsTheHourlyDefaultAndTheSummaryInItsLog() throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(Map.of("ota.enabled", "true", "ota.data_dir", tmp.resolve("ota").toString(),
                "update.url", "http://127.0.0.1:9/fw.zip", "ota.http.mode", "off", "device.mac", "0A1B2C3D4E5F",
                "flash.slot.0.path", tmp.resolve("a.img").toString(), "flash.slot.1.path", tmp.resolve("b.img").toString(),
                "flash.slot_size", Long.toString(1L << 20)));
        ctx.getPropertiesComponent().setInitialProperties(p);
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            ctx.start();
            assertThat(ctx.getRouteController().getRouteStatus("ota-poll").isStarted()).as("the poll route runs").isTrue();
        } finally {
            System.setErr(err);
            ctx.stop();
        }
        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("camel-ota started")
                .contains("config:     the host application's properties")
                .contains("polling:    every 3600 s from http://127.0.0.1:9/fw.zip (update.interval not set: "
                        + "the default when update.url is set), first check in 3600 s")
                .contains("slots:      0: " + tmp.resolve("a.img") + ", 1: " + tmp.resolve("b.img"));
    }

    /** Runs OtaMain in {@code dir} until its summary is out, then stops it; returns what it printed. */
    private static String standalone(Path dir, List<String> props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Dota.http.port=0", "-Dboot.reboot_mode=none", "-Ddevice.mac=0A1B2C3D4E5F"));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.camelota.app.OtaMain"));
        Path log = Files.createTempFile(dir.getParent(), "agent", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_"));
        Process p = pb.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < end && p.isAlive() && !Files.readString(log).contains("slots:")) {
                Thread.sleep(200);
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
