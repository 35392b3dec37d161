package com.example.plainmainhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
 * What an embedding must hold, for a plain org.apache.camel.main.Main program that uses update.url for
 * something of its own (ota.keys=prefixed): the agent polls ota.update.url, a 200 MiB update
 * installs at -Xmx96m with the host's stream caching on, the host's route "install" keeps running and
 * still reads its own update.url, its failing route is still logged, the process exits with
 * boot.exit_code as a reboot, and the next start commits the update.
 */
class PlainHostTest {

    private static final long PART_BYTES = 200L << 20;

    @TempDir
    Path tmp;

    @Test
    void theAgentReadsOnlyItsPrefixedKeysAndExitsToReboot() throws Exception {
        try (HostHarness harness = new HostHarness()) {
            HostHarness.Bundle bundle = HostHarness.bundle(tmp, PART_BYTES, "1.1");
            String url = harness.serve(bundle.file());
            int port = HostHarness.freePort();
            Map<String, String> props = HostHarness.deviceProperties(tmp, url, port, "ota.");
            List<String> jvm = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");
            Path cp = Path.of(System.getProperty("host.classpath"));
            Path classes = Path.of(System.getProperty("host.classes"));

            Path log1 = tmp.resolve("host-1.log");
            Process first = harness.start(cp, classes, PlainHost.class.getName(), jvm, props, tmp, log1);
            assertThat(first.waitFor(5, TimeUnit.MINUTES)).as("exits to reboot after the install").isTrue();
            String out = java.nio.file.Files.readString(log1);
            assertThat(first.exitValue()).as(out).isEqualTo(75);
            assertThat(out).contains("Update applied").contains("host feed tick from http://news.example.com/feed")
                    .contains("Exhausted after delivery attempt").contains("host failure on purpose")
                    .doesNotContain("OutOfMemoryError");
            assertThat(SlotWriter.sha256(tmp.resolve("slot1.img"), PART_BYTES)).isEqualTo(bundle.partSha256());

            Path log2 = tmp.resolve("host-2.log");
            Process second = harness.start(cp, classes, PlainHost.class.getName(), jvm, props, tmp, log2);
            HostHarness.awaitLog(second, log2, t -> t.contains("committed slot 1"), Duration.ofMinutes(2));
            HttpResponse<String> r = HostHarness.get("http://127.0.0.1:" + port + "/update/status");
            assertThat(r).isNotNull();
            assertThat(r.body()).contains("\"is_committed\":true").contains("\"fw_version\":\"1.1\"");
        }
    }
}
