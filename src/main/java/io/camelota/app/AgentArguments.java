package io.camelota.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the agent's command line accepts, checked before anything starts: an argument the agent does
 * not know used to be ignored (and {@code --help} started an agent that created ./data), so a typo
 * ran a different agent than the one asked for. Anything unknown now ends the process with exit 2
 * and the usage; a {@code -Dkey=value} after {@code -jar} — a common slip, the JVM hands it to us as
 * an argument — gets a hint saying where it belongs.
 */
public final class AgentArguments {

    /** Exit code for a command line the agent does not understand (as for a bad configuration key). */
    public static final int USAGE_ERROR = 2;

    public static final String USAGE = """
            Usage: java [-Dkey=value ...] -jar camel-ota.jar [command]
                   bin/camel-ota [command]

              (no command)        run the agent: config/application.properties and routes/ from the working folder
              --demo              one whole update cycle against a built-in update server, then exit
              --demo --rollback   the same, with a failing health check: the update is rolled back
              launch              bootloader only: run app.command on the active slot
              bundle create|sign|inspect ...   make and check fw.zip bundles (bundle --help)
              keygen ...          signing keys (keygen --help)
              fleet report LOG [--html FILE]   the fleet as the update server's access log shows it
              --help, -h          this text

            Settings come from config/application.properties, -Dkey=value before -jar, or environment
            variables named after the key (update.url -> UPDATE_URL).
            """;

    /** The outcome of reading the arguments. */
    public enum Mode { AGENT, DEMO, DEMO_ROLLBACK, LAUNCH, HELP }

    private AgentArguments() {
    }

    /** The mode to run, or an IllegalArgumentException whose message is the one line to print. */
    public static Mode parse(List<String> args) {
        if (args.isEmpty()) {
            return Mode.AGENT;
        }
        if (args.contains("--help") || args.contains("-h") || args.contains("help")) {
            return Mode.HELP;
        }
        for (String a : args) {
            hintFor(a).ifPresent(h -> {
                throw new IllegalArgumentException(h);
            });
        }
        if (args.equals(List.of("launch"))) {
            return Mode.LAUNCH;
        }
        if (args.equals(List.of("--demo"))) {
            return Mode.DEMO;
        }
        if (args.size() == 2 && args.containsAll(List.of("--demo", "--rollback"))) {
            return Mode.DEMO_ROLLBACK;
        }
        String unknown = args.stream().filter(a -> !List.of("--demo", "--rollback", "launch").contains(a))
                .findFirst().orElse(String.join(" ", args));
        throw new IllegalArgumentException("unknown argument '" + unknown + "'");
    }

    /** A -Dkey=value given as a program argument: where it should have gone. */
    static Optional<String> hintFor(String arg) {
        if (!arg.startsWith("-D") || arg.length() < 3) {
            return Optional.empty();
        }
        int eq = arg.indexOf('=');
        String key = eq > 2 ? arg.substring(2, eq) : arg.substring(2);
        return Optional.of("'" + arg + "' came after -jar, so it is an argument, not a setting: put -D options "
                + "before -jar, or use the environment variable " + environmentName(key));
    }

    /** Camel's property lookup from the environment: upper case, dots and dashes as underscores. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
