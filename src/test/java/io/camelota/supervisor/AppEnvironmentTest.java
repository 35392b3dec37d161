package io.camelota.supervisor;

import io.camelota.app.AppBootloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's secrets in its environment (the token of its API, the headers it sends to the update
 * server) reached the supervised app. An agent JVM with those in its environment starts a real app
 * ({@code env}) that writes the environment it got.
 */
class AppEnvironmentTest {

    private static final Map<String, String> AGENT_ENV = Map.of(
            "OTA_HTTP_AUTH_TOKEN", "s3cret-token-0123456789",
            "UPDATE_EXTRA_HTTP_HEADERS", "Authorization: Bearer fleet-secret",
            "OTA_UPDATE_KEY0", "MFkw...",
            "BOOT_UBOOT_CONFIG", "/etc/fw_env.config",
            "CAMEL_MAIN_NAME", "agent",
            "UNRELATED_SETTING", "kept");

    @TempDir
    Path tmp;

    @Test
    void theSupervisedAppGetsNeitherTheAgentsKeysNorItsSecrets() throws Exception {
        Map<String, String> seen = runApp("supervised");
        assertThat(seen).doesNotContainKeys("OTA_HTTP_AUTH_TOKEN", "UPDATE_EXTRA_HTTP_HEADERS", "OTA_UPDATE_KEY0",
                "BOOT_UBOOT_CONFIG", "CAMEL_MAIN_NAME");
        assertThat(seen.values()).noneMatch(v -> v.contains("s3cret") || v.contains("fleet-secret"));
        assertThat(seen).containsEntry("GREETING", "hi")                  // app.env.GREETING
                .containsEntry("UNRELATED_SETTING", "kept")
                .containsEntry("PATH", System.getenv("PATH"));
    }

    @Test
    void theLaunchersAppIsTheEmbeddedAgentAndKeepsThem() throws Exception {
        assertThat(AppProcess.EMBEDDED_AGENT_ENV).as("the launcher's marker").isEqualTo(AppBootloader.LAUNCHED_ENV);
        Map<String, String> seen = runApp("launched");
        assertThat(seen).containsEntry("OTA_HTTP_AUTH_TOKEN", "s3cret-token-0123456789")
                .containsEntry("UPDATE_EXTRA_HTTP_HEADERS", "Authorization: Bearer fleet-secret")
                .containsEntry("GREETING", "hi");
    }

    private Map<String, String> runApp(String mode) throws Exception {
        Path out = tmp.resolve(mode + ".env");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-cp", cp, EnvProbe.class.getName(), out.toString(), mode)
                .redirectErrorStream(true).redirectOutput(tmp.resolve(mode + ".log").toFile());
        pb.environment().putAll(AGENT_ENV);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve(mode + ".log"))).isZero();
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(out)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(env).as("env printed something").isNotEmpty();
        return env;
    }
}
