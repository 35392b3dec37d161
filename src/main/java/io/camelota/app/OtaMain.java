package io.camelota.app;

import java.util.Arrays;
import java.util.Map;

import io.camelota.boot.BootStateException;

/**
 * java -jar camel-ota.jar               run the agent (config/ and routes/ from the working folder)
 * java -jar camel-ota.jar --demo        one whole update cycle on embedded defaults, then exit
 * java -jar camel-ota.jar --demo --rollback   the same, with a failing health check
 * java -jar camel-ota.jar launch        bootloader only: run app.command on the active slot (embedded camel-ota)
 *
 * The agent's entry point in the library (no CLI library, no logging binding): the runnable jar's
 * main class, io.camelota.cli.CamelOtaCommand in the agent module, adds "bundle …" / "keygen …"
 * and hands everything else to this class.
 */
public final class OtaMain {

    private OtaMain() {
    }

    public static void main(String[] args) throws Exception {
        AgentArguments.Mode mode;
        try {
            mode = AgentArguments.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("camel-ota: " + e.getMessage());
            System.err.println();
            System.err.print(AgentArguments.USAGE);
            System.exit(AgentArguments.USAGE_ERROR);
            return;
        }
        switch (mode) {
            case HELP -> {
                System.out.print(AgentArguments.USAGE);
                System.exit(0);
            }
            case LAUNCH -> {
                try {
                    System.exit(AppBootloader.fromConfig(StartSummary.STANDALONE_CONFIG).run());
                } catch (IllegalArgumentException e) {
                    System.err.println("camel-ota: " + e.getMessage());
                    System.exit(2);
                }
            }
            case DEMO, DEMO_ROLLBACK -> System.exit(new Demo(mode == AgentArguments.Mode.DEMO_ROLLBACK).run());
            default -> { }
        }
        try {
            System.exit(new OtaAgent(Map.of()).run());
        } catch (Exception e) {
            // A boot state or data folder the agent cannot trust: one line naming the file, exit 3.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BootStateException) {
                    System.err.println("camel-ota: " + t.getMessage());
                    System.exit(BootStateException.EXIT_CODE);
                }
            }
            // A configuration error is one line naming the key, not a stack trace.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    System.err.println("camel-ota: " + t.getMessage());
                    System.exit(2);
                }
            }
            throw e;
        }
    }
}
