package com.example.camelmainhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelota.host.HostHarness;
import io.camelota.slot.SlotWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an embedding must hold, for a Camel Main application: with only the camel-ota dependency and
 * ota.enabled=true (src/main/resources/application.properties), started in a JVM of its own with a
 * 96 MiB heap and the host's stream caching on, a 200 MiB update downloads into the inactive slot,
 * the host's own routes keep running (one of them with the id "install", next to a host bean named
 * "healthCheck"), the host's failing route is still logged by Camel's error handler, its streaming
 * route still has stream caching — and after the restart the host decides on, the update commits.
 */
class HostApplicationTest {

    private static final long PART_BYTES = 200L << 20;

    @TempDir
    Path tmp;

    @Test
    void anUpdateInstallsAndCommitsInsideTheHostWithoutChangingIt() throws Exception {
        try (HostHarness harness = new HostHarness()) {
            HostHarness.Bundle bundle = HostHarness.bundle(tmp, PART_BYTES, "1.1");
            String url = harness.serve(bundle.file());
            int port = HostHarness.freePort();
            Map<String, String> props = HostHarness.deviceProperties(tmp, url, port, "");
            List<String> jvm = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");
            String status = "http://127.0.0.1:" + port + "/update/status";

            Path log1 = tmp.resolve("host-1.log");
            Process first = harness.start(Path.of(System.getProperty("host.classpath")), Path.of(System.getProperty("host.classes")),
                    HostApplication.class.getName(), jvm, props, tmp, log1);
            String out = HostHarness.awaitLog(first, log1, t -> t.contains("Update applied"), Duration.ofMinutes(5));
            HttpResponse<String> r = HostHarness.get(status);
            assertThat(r).isNotNull();
            assertThat(r.body()).contains("\"reboot_required\":true").contains("\"partition\":1");
            assertThat(SlotWriter.sha256(tmp.resolve("slot1.img"), PART_BYTES)).isEqualTo(bundle.partSha256());
            // the host, unchanged: its routes, its error log, its stream caching, its bean
            out = HostHarness.awaitLog(first, log1, t -> t.contains("host stream body type"), Duration.ofSeconds(30));
            assertThat(out).contains("host route install tick")
                    .contains("Exhausted after delivery attempt").contains("host failure on purpose")
                    .containsPattern("host stream body type \\w*Cache")
                    .doesNotContain("OutOfMemoryError")
                    .contains("device API: on the agent's own server");
            int ticksBefore = HostHarness.count(out, "host route install tick");
            HostHarness.awaitLog(first, log1, t -> HostHarness.count(t, "host route install tick") > ticksBefore + 2, Duration.ofSeconds(30));

            // the host restarts (boot.reboot_mode defaults to none inside an application: its call)
            first.destroy();
            assertThat(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Path log2 = tmp.resolve("host-2.log");
            Process second = harness.start(Path.of(System.getProperty("host.classpath")), Path.of(System.getProperty("host.classes")),
                    HostApplication.class.getName(), jvm, props, tmp, log2);
            HostHarness.awaitLog(second, log2, t -> t.contains("committed"), Duration.ofMinutes(2));
            String body = HostHarness.awaitStatus(status, "\"is_committed\":true");
            assertThat(body).contains("\"fw_version\":\"1.1\"").contains("\"reboot_required\":false");
        }
    }


}
