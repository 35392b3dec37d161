package io.camelota.supervisor;

import java.util.List;
import java.util.Locale;

/**
 * The key families the agent reads: the Mongoose names (update.*, device.*), the agent's own
 * (flash.*, boot.*, health.*, app.*, ota.* — and every one of them again under ota.), and camel.*,
 * which Camel Main reads from the same places. A key may come from the environment in its env-var
 * form ({@code ota.http.auth_token} = {@code OTA_HTTP_AUTH_TOKEN}), so an environment variable whose
 * name starts with one of {@link #ENV_PREFIXES} is the agent's configuration, possibly a secret, and
 * is not handed to a supervised app. {@code AgentKeysTest} reads every key the settings code asks
 * for and fails if one falls outside these families.
 */
public final class AgentKeys {

    /** The key families, as keys are written. */
    public static final List<String> PREFIXES = List.of("update.", "device.", "flash.", "boot.", "health.", "app.",
            "ota.", "camel.");

    /** The same families in env-var form. */
    public static final List<String> ENV_PREFIXES = PREFIXES.stream().map(AgentKeys::envForm).toList();

    private AgentKeys() {
    }

    /** {@code ota.http.auth_token} -> {@code OTA_HTTP_AUTH_TOKEN}, as the agent looks keys up in the environment. */
    public static String envForm(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** True for an environment variable that configures the agent (compared ignoring case). */
    public static boolean isAgentEnvName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return ENV_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    /** True for a key of one of the agent's families. */
    public static boolean isAgentKey(String key) {
        return PREFIXES.stream().anyMatch(key::startsWith);
    }
}
