package io.camelota.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A one-character ota.http.auth_token was accepted for an API on all interfaces. Reachable from the
 * network, a token needs at least 16 characters; the real agent stops with one line and exit 2.
 * (192.0.2.1 is TEST-NET-1: not loopback, and never bound here, so the test opens nothing outside 127.0.0.1.)
 */
class ShortTokenTest {

    @TempDir
    Path tmp;

    @Test
    void aShortTokenOnANetworkAddressStopsTheRealAgentWithExit2AndOneLine() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Dota.data_dir=" + data, "-Dota.http.port=0", "-Dupdate.url=", "-Dota.http.host=192.0.2.1",
                "-Dota.http.auth_token=x", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                OtaMain.class.getName()).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("agent.out").toFile()).redirectError(tmp.resolve("agent.err").toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();          // an agent that did not refuse runs on: stop it
        }
        String err = Files.readString(tmp.resolve("agent.err"));
        assertThat(ended).as("the agent stopped by itself; stderr " + err).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines().toList()).as(err).containsExactly("camel-ota: ota.http.auth_token: 1 characters; an API"
                + " reachable from the network (ota.http.host=192.0.2.1) needs at least 16 (e.g. openssl rand -hex 16)");
    }

    @Test
    void sixteenCharactersAreEnoughAndLoopbackKeepsAnyToken() {
        for (String host : List.of("0.0.0.0", "192.0.2.1", "device.lan")) {
            assertThatThrownBy(() -> settings(Map.of("ota.http.host", host, "ota.http.auth_token", "x".repeat(15))))
                    .as(host).hasMessageStartingWith("ota.http.auth_token: 15 characters;");
            assertThat(settings(Map.of("ota.http.host", host, "ota.http.auth_token", "x".repeat(16))).exposed()).isTrue();
        }
        assertThat(settings(Map.of("ota.http.host", "127.0.0.1", "ota.http.auth_token", "s3cret")).exposed()).isFalse();
    }

    private static ApiSettings settings(Map<String, String> values) {
        return ApiSettings.from(new ConfigValues(k -> Optional.ofNullable(values.get(k))));
    }
}
