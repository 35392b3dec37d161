package io.camelota.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one block the agent logs once it has started: where its settings came from, whether it polls
 * (and if not, the key that keeps it from polling), where the device API is, the boot backend and the
 * slots. An agent that is idle on purpose and one that is idle by mistake looked the same before;
 * this block tells them apart and names the key to change.
 */
final class StartSummary {

    /**
     * The standalone agent's config file: config/application.properties in its working folder, or in the
     * folder CAMEL_OTA_CONFIG_DIR names (the Debian package's units set /etc/camel-ota).
     */
    static final Path STANDALONE_CONFIG = Path.of(configDir(System.getenv("CAMEL_OTA_CONFIG_DIR")), "application.properties");

    static String configDir(String fromEnvironment) {
        return fromEnvironment == null || fromEnvironment.isBlank() ? "config" : fromEnvironment.trim();
    }

    private StartSummary() {
    }

    /**
     * @param standalone   the agent's own process (config/application.properties) rather than a host application
     * @param intervalSet  whether update.interval was given at all (a default applies when it was not)
     */
    static String text(OtaSettings s, boolean standalone, boolean intervalSet) {
        List<String> lines = new ArrayList<>();
        lines.add("camel-ota started");
        lines.add("  config:     " + configOrigin(standalone));
        lines.add("  polling:    " + polling(s, intervalSet));
        lines.add("  device API: " + api(s));
        lines.add("  boot:       backend " + s.bootloader().backend().name().toLowerCase()
                + ", reboot_mode " + s.rebootMode().name().toLowerCase() + ", data folder " + s.dataDir().toAbsolutePath());
        lines.add("  slots:      " + slots(s));
        return String.join(System.lineSeparator(), lines);
    }

    static String configOrigin(boolean standalone) {
        if (!standalone) {
            return "the host application's properties (ota.* and the update./device./flash./boot. keys)";
        }
        if (Files.isRegularFile(STANDALONE_CONFIG)) {
            try {
                return STANDALONE_CONFIG.toRealPath().toString();
            } catch (IOException e) {
                return STANDALONE_CONFIG.toAbsolutePath().toString();
            }
        }
        return "no " + STANDALONE_CONFIG + (STANDALONE_CONFIG.isAbsolute() ? "" : " in " + Path.of("").toAbsolutePath())
                + ": built-in defaults";
    }

    static String polling(OtaSettings s, boolean intervalSet) {
        if (s.url().isEmpty()) {
            return "polling off: update.url is not set";
        }
        if (s.interval() <= 0) {
            return "polling off: update.interval is 0 (set the seconds between checks of " + s.url() + ")";
        }
        String how = "every " + s.interval() + " s from " + s.url();
        if (!intervalSet) {
            how += " (update.interval not set: the default when update.url is set)";
        }
        return how + (s.pollOnStart() ? ", first check now" : ", first check in " + s.interval() + " s");
    }

    static String api(OtaSettings s) {
        return switch (s.api().mode()) {
            case OWN -> "on the agent's own server: http://" + s.httpHost() + ":" + s.httpPort() + "/update (ota.http.mode=own)";
            case HOST -> "mounted on the host application's platform-http server at " + s.api().pathPrefix() + "/update (ota.http.mode=host)";
            case OFF -> "off (ota.http.mode=off or ota.http.enabled=false)";
        };
    }

    static String slots(OtaSettings s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            b.append(i == 0 ? "" : ", ").append(i).append(": ").append(s.slots().appSlot(i).toAbsolutePath());
            int slot = i;
            s.slots().fsSlot(i).ifPresent(fs -> b.append(" (fs ").append(s.slots().fsSlot(slot).get().toAbsolutePath()).append(')'));
        }
        return b.toString();
    }
}
