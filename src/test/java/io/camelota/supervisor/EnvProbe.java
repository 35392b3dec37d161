package io.camelota.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link AppEnvironmentTest} as the agent's JVM, with the environment the test gives it:
 * supervises one run of {@code env} (its output to {@code args[0]}) with app.env.GREETING=hi, and,
 * when {@code args[1]} is "launched", as the launcher does (the embedded agent's own run).
 */
public final class EnvProbe {

    private EnvProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("GREETING", "hi"));
        if (args.length > 1 && args[1].equals("launched")) {
            env.put(AppProcess.EMBEDDED_AGENT_ENV, "1");
        }
        AppProcess app = AppProcess.start(List.of("/usr/bin/env"),
                new SupervisorSettings(List.of("env"), null, env, Duration.ofSeconds(5), Path.of(args[0])), l -> { });
        System.exit(app.exit().get());
    }
}
