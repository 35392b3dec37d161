package io.camelota.app;

import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of config keys with errors that name the key: a bad value stops startup with one
 * line a person can act on ("update.interval: not a whole number: 'ten'").
 */
public final class ConfigValues {

    private final Function<String, Optional<String>> lookup;

    public ConfigValues(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public String string(String key, String defaultValue) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(defaultValue);
    }

    public long number(String key, long defaultValue, long min) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a whole number: '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException(key + ": must be at least " + min + ", got " + value);
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min) {
        long v = number(key, defaultValue, min);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": too large: " + v);
        }
        return (int) v;
    }

    public double fraction(String key, double defaultValue) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(raw);
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException(key + ": must be between 0 and 1, got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + raw + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        // only true/false, as Camel itself reads booleans: "yes" must not mean true here and false in a route
        return switch (raw.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": not true/false: '" + raw + "'");
        };
    }

    public <E extends Enum<E>> E choice(String key, E defaultValue, Class<E> type) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase() + ", got '" + raw + "'");
        }
    }
}
