package com.example.springboothost;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelota.host.HostHarness;
import io.camelota.slot.SlotWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an embedding must hold, for a Spring Boot application: with only the camel-ota dependency and
 * ota.enabled=true (src/main/resources/application.properties), started in a JVM of its own with a
 * 96 MiB heap and the host's stream caching on, a 200 MiB update downloads into the inactive slot,
 * the host's own routes keep running (one of them with the id "install", calling the host's bean
 * named "healthCheck"), the host's failing route is still logged by Camel's error handler through
 * Spring Boot's Logback, its streaming route still has stream caching; the agent hands the reboot
 * to the host's route (boot.reboot_mode=route) and after the restart the host does, the update commits.
 * A bad agent setting stops Spring Boot's start with one line naming the key.
 */
class HostApplicationTest {

    private static final long PART_BYTES = 200L << 20;

    @TempDir
    Path tmp;

    @Test
    void theHostsClassPathHasSpringBootsLoggingAndNoOtherBinding() throws Exception {
        List<String> cp = List.of(Files.readString(Path.of(System.getProperty("host.classpath"))).trim().split(java.io.File.pathSeparator));
        assertThat(cp).anyMatch(j -> j.contains("logback-classic"))
                .anyMatch(j -> j.contains("camel-ota"))
                .noneMatch(j -> j.contains("slf4j-simple") || j.contains("slf4j-reload4j") || j.contains("log4j-slf4j"));
    }

    @Test
    void aBadOtaSettingStopsTheSpringBootStartWithOneLineNamingTheKey() throws Exception {
        try (HostHarness harness = new HostHarness()) {
            Map<String, String> props = Map.of("ota.http.mode", "bogus", "server.port", "0", "update.interval", "0",
                    "update.url", "http://127.0.0.1:" + HostHarness.freePort() + "/fw.zip",
                    "ota.data_dir", tmp.resolve("ota").toString());
            Path log = tmp.resolve("bad.log");
            Process p = start(harness, List.of("-Xmx96m"), props, log);
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the application gives up").isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(Files.readString(log))
                    .containsPattern("ERROR .*OtaWiring +: configuration error: ota\\.http\\.mode: must be one of \\[own, host, off\\], got 'bogus'")
                    .contains("Application run failed")
                    .doesNotContain("host route install tick");
        }
    }

    @Test
    void anUpdateInstallsAndCommitsInsideTheSpringBootHostWithoutChangingIt() throws Exception {
        try (HostHarness harness = new HostHarness()) {
            HostHarness.Bundle bundle = HostHarness.bundle(tmp, PART_BYTES, "1.1");
            String url = harness.serve(bundle.file());
            int port = HostHarness.freePort();
            Map<String, String> props = HostHarness.deviceProperties(tmp, url, port, "");
            List<String> jvm = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");
            String status = "http://127.0.0.1:" + port + "/update/status";

            Path log1 = tmp.resolve("host-1.log");
            Process first = start(harness, jvm, props, log1);
            String out = HostHarness.awaitLog(first, log1, t -> t.contains("Update applied"), Duration.ofMinutes(5));
            HttpResponse<String> r = HostHarness.get(status);
            assertThat(r).isNotNull();
            assertThat(r.body()).contains("\"reboot_required\":true").contains("\"partition\":1");
            assertThat(SlotWriter.sha256(tmp.resolve("slot1.img"), PART_BYTES)).isEqualTo(bundle.partSha256());
            // the reboot went to the host's own route (boot.reboot_mode=route, boot.reboot_uri=direct:host-restart)
            out = HostHarness.awaitLog(first, log1, t -> t.contains("host restart requested"), Duration.ofSeconds(30));
            assertThat(out).contains("host restart requested (OtaRebootRequired=true)");
            // the host, unchanged: its routes, its bean, its error log, its stream caching, Spring Boot's logging
            out = HostHarness.awaitLog(first, log1, t -> t.contains("host stream body type"), Duration.ofSeconds(30));
            assertThat(out).contains("host route install tick").contains("the host's own healthCheck bean")
                    .contains("Exhausted after delivery attempt").contains("host failure on purpose")
                    .containsPattern("host stream body type \\w*Cache")
                    .contains("Started HostApplication")
                    .doesNotContain("OutOfMemoryError")
                    // the agent's lines go through Spring Boot's Logback pattern ("--- [app name]"), not a binding of its own
                    .containsPattern("INFO \\d+ --- \\[host\\] .*io\\.camelota\\.app\\.OtaWiring +: camel-ota started")
                    .contains("device API: on the agent's own server");
            int ticksBefore = HostHarness.count(out, "host route install tick");
            HostHarness.awaitLog(first, log1, t -> HostHarness.count(t, "host route install tick") > ticksBefore + 2, Duration.ofSeconds(30));

            // the host restarts itself, as its host-restart route promised
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Path log2 = tmp.resolve("host-2.log");
            Process second = start(harness, jvm, props, log2);
            HostHarness.awaitLog(second, log2, t -> t.contains("committed"), Duration.ofMinutes(2));
            String body = HostHarness.awaitStatus(status, "\"is_committed\":true");
            assertThat(body).contains("\"fw_version\":\"1.1\"").contains("\"reboot_required\":false");
            // the host's own route runs in the second life too (its timer starts a second after the context,
            // which can be after the commit: waited for, not assumed)
            String out2 = HostHarness.awaitLog(second, log2, t -> t.contains("host route install tick"), Duration.ofSeconds(30));
            assertThat(out2).doesNotContain("host restart requested");
        }
    }

    private static Process start(HostHarness harness, List<String> jvm, Map<String, String> props, Path log) throws Exception {
        return harness.start(Path.of(System.getProperty("host.classpath")), Path.of(System.getProperty("host.classes")),
                HostApplication.class.getName(), jvm, props, log.getParent(), log);
    }


}
