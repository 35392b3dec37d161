package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
 * The device API's port is held by another process (here: a ServerSocket of the test). The agent must
 * not run on without its API: standalone it ends with exit 2 and one line naming ota.http.port, inside a
 * host the context's start fails with an exception naming it.
 */
class PortTakenTest {

    @TempDir
    Path tmp;

    @Test
    void standaloneAgentStopsWithOneLineAndExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-Dota.data_dir=" + tmp.resolve("data"), "-Dota.http.port=" + port,
                    "-Dota.http.host=127.0.0.1", "-Dupdate.url=", "-Dboot.reboot_mode=none",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "io.camelota.app.OtaMain"));
            Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = p.waitFor(90, TimeUnit.SECONDS);
            p.destroyForcibly();
            assertThat(ended).as("the agent ended by itself\n" + out + err).isTrue();
            assertThat(p.exitValue()).as(out + err).isEqualTo(2);
            List<String> ours = err.lines().filter(l -> l.startsWith("camel-ota:")).toList();
            assertThat(ours).as(err).hasSize(1);
            assertThat(ours.get(0)).contains("ota.http.port").contains("127.0.0.1:" + port);
            assertThat(out + err).as("no start summary: it did not start").doesNotContain("camel-ota started");
        }
    }

    @Test
    void insideAHostTheStartFailsNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CamelContext ctx = new DefaultCamelContext();
            Properties p = new Properties();
            p.putAll(Map.of("ota.enabled", "true", "ota.data_dir", tmp.resolve("ota").toString(),
                    "ota.http.port", Integer.toString(taken.getLocalPort()), "boot.reboot_mode", "none",
                    "flash.slot.0.path", tmp.resolve("slot0.img").toString(),
                    "flash.slot.1.path", tmp.resolve("slot1.img").toString(),
                    "flash.slot_size", Long.toString(1L << 20)));
            ctx.getPropertiesComponent().setInitialProperties(p);
            try {
                Throwable t = catchThrowable(ctx::start);
                assertThat(t).as("the host's start fails").isNotNull();
                StringBuilder chain = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    chain.append(c.getMessage()).append('\n');
                }
                assertThat(chain.toString()).contains("ota.http.port: the device API cannot listen on 127.0.0.1:"
                        + taken.getLocalPort());
                assertThat(ctx.isStarted()).isFalse();
            } finally {
                ctx.stop();
            }
        }
    }
}
