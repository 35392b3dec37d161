package io.camelota.device;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/**
 * The maintenance windows: {@code update.window} (when polls may go out), {@code boot.reboot_window}
 * (when an installed update may switch over), both in {@code update.timezone} (empty: the system's).
 */
public record WindowSettings(TimeWindow update, TimeWindow reboot) {

    /** {@code value}: the configured text of a key ("" when unset). */
    public static WindowSettings from(UnaryOperator<String> value) {
        String tz = value.apply("update.timezone").strip();
        ZoneId zone;
        try {
            zone = tz.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("update.timezone: not a time zone: '" + tz
                    + "' (e.g. Europe/Berlin, UTC, +02:00)");
        }
        return new WindowSettings(TimeWindow.parse("update.window", value.apply("update.window"), zone),
                TimeWindow.parse("boot.reboot_window", value.apply("boot.reboot_window"), zone));
    }
}
