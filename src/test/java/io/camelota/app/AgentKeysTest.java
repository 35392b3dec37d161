package io.camelota.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.camelota.supervisor.AgentKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** The families a supervised app must not see are derived from what the settings code really reads. */
class AgentKeysTest {

    @Test
    void everyKeyTheSettingsCodeReadsIsInAnAgentFamily() {
        Set<String> asked = new TreeSet<>();
        OtaSettings.from(key -> {
            asked.add(key);
            return Optional.empty();
        });
        assertThat(asked).as("keys read by OtaSettings.from").hasSizeGreaterThan(40)
                .contains("ota.http.auth_token", "update.extra_http_headers", "app.command", "boot.backend");
        assertThat(asked).allSatisfy(k -> assertThat(AgentKeys.isAgentKey(k)).as(k).isTrue());
        // and each one's environment form is recognised as the agent's
        assertThat(asked).allSatisfy(k -> assertThat(AgentKeys.isAgentEnvName(AgentKeys.envForm(k))).as(k).isTrue());
    }

    @Test
    void everyPlaceholderInTheRoutesIsInAnAgentFamily() throws Exception {
        Pattern placeholder = Pattern.compile("\\{\\{([^}:]+)");
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(RoutePlaceholders.routesFolder())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = placeholder.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1).trim());
                }
            }
        }
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(AgentKeys.isAgentKey(k)).as(k).isTrue());
    }

    @Test
    void envNamesOfOtherProgramsAreNotTheAgents() {
        assertThat(AgentKeys.isAgentEnvName("OTA_HTTP_AUTH_TOKEN")).isTrue();
        assertThat(AgentKeys.isAgentEnvName("UPDATE_EXTRA_HTTP_HEADERS")).isTrue();
        assertThat(AgentKeys.isAgentEnvName("ota_http_auth_token")).isTrue();
        for (String other : new String[] {"PATH", "HOME", "LANG", "JAVA_HOME", "UPDATER", "BOOTSTRAP_SERVERS", "APPDATA"}) {
            assertThat(AgentKeys.isAgentEnvName(other)).as(other).isFalse();
        }
    }

    /** Where the YAML routes are, seen from the library module's tests. */
    private static final class RoutePlaceholders {
        static Path routesFolder() {
            for (Path p : new Path[] {Path.of("routes"), Path.of("../routes")}) {
                if (Files.isDirectory(p)) {
                    return p;
                }
            }
            throw new IllegalStateException("routes/ not found from " + Path.of("").toAbsolutePath());
        }
    }
}
