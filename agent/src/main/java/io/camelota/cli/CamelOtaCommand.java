package io.camelota.cli;

import io.camelota.app.OtaMain;
import io.camelota.tool.BundleTool;

/**
 * The runnable jar's main class:
 *
 * java -jar camel-ota.jar bundle …   create / sign / inspect bundles;  keygen …  signing keys (picocli)
 * java -jar camel-ota.jar fleet report ACCESS_LOG [--html FILE]   the fleet from a server's access log
 * anything else                     the agent, the demo, launch: {@link OtaMain} from the library
 */
public final class CamelOtaCommand {

    private CamelOtaCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("bundle") || args[0].equals("keygen") || args[0].equals("fleet"))) {
            System.exit(BundleTool.run(args));
        }
        OtaMain.main(args);
    }
}
