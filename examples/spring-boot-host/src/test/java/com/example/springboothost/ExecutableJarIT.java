package com.example.springboothost;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelota.host.HostHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as Spring Boot ships it: the executable jar (spring-boot-maven-plugin), where
 * camel-ota is a jar nested in BOOT-INF/lib. Camel must still find the agent's plugin through
 * ServiceLoader and its routes (classpath:camel-ota/*.yaml) inside the nested jar. Runs after
 * package (failsafe), since the jar does not exist at the test phase.
 */
class ExecutableJarIT {

    @TempDir
    Path tmp;

    @Test
    void theAgentStartsFromTheNestedJarOfTheExecutableJar() throws Exception {
        Path jar = Path.of(System.getProperty("host.jar"));
        int agentPort = HostHarness.freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-Dserver.port=0", "-Dupdate.interval=0",
                "-Dupdate.url=http://127.0.0.1:" + HostHarness.freePort() + "/fw.zip",
                "-Dflash.slot.0.path=" + tmp.resolve("slot0.img"), "-Dflash.slot.1.path=" + tmp.resolve("slot1.img"),
                "-Dota.data_dir=" + tmp.resolve("ota"), "-Dota.http.port=" + agentPort, "-jar", jar.toString()));
        Path log = tmp.resolve("jar.log");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String out = HostHarness.awaitLog(p, log, t -> t.contains("Started HostApplication"), Duration.ofMinutes(3));
            assertThat(out).contains("device API: on the agent's own server")
                    // update.interval=0: the agent read the application's settings and switched its poll off
                    .containsPattern("Disabled ota-poll \\(quartz://ota/poll\\)")
                    .containsPattern("Started ota-device-api \\(ota-platform-http:///update\\)")
                    .containsPattern("Started ota-install \\(direct://ota-install\\)")
                    .containsPattern("Started install \\(timer://host-tick\\)");
            HttpResponse<String> status = HostHarness.get("http://127.0.0.1:" + agentPort + "/update/status");
            assertThat(status).isNotNull();
            assertThat(status.body()).contains("\"fw_version\":\"1.0\"").contains("\"partition\":0");
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
