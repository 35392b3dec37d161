package io.camelota.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code app.*} keys: the application camel-ota runs from the active slot (supervisor mode).
 *
 * @param command     {@code app.command} split into arguments (see {@link CommandLine}); empty = no supervisor
 * @param workdir     {@code app.workdir}: the app's working folder; null = the agent's
 * @param env         {@code app.env.NAME=value}: added to the agent's environment for the app
 * @param stopTimeout {@code app.stop_timeout}: SIGTERM, then SIGKILL after this long
 * @param logFile     {@code app.log}: null = the app's lines go to the agent log prefixed {@code [app] };
 *                    a path = appended to that file (written by the app itself, so it survives an agent crash)
 */
public record SupervisorSettings(List<String> command, Path workdir, Map<String, String> env, Duration stopTimeout,
                                 Path logFile) {

    public static final String ENV_PREFIX = "app.env.";

    public SupervisorSettings {
        command = List.copyOf(command);
        env = Map.copyOf(new TreeMap<>(env));
    }

    /** Takes the {@code app.env.NAME} properties found in the configuration. */
    public SupervisorSettings withEnv(Map<String, String> properties) {
        Map<String, String> e = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
                e.put(k.substring(ENV_PREFIX.length()), v);
            }
        });
        return new SupervisorSettings(command, workdir, e, stopTimeout, logFile);
    }

    /** Supervisor mode is on when {@code app.command} is set. */
    public boolean enabled() {
        return !command.isEmpty();
    }
}
