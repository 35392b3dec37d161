package io.camelota.app;

import java.util.Optional;
import java.util.function.Function;

/**
 * How the agent reads its keys from a host's properties. The Mongoose key names stay
 * (update.url, device.id, flash.*, boot.*, health.*, app.* — they are the protocol's), and each one
 * can also be written with the agent's prefix: {@code ota.update.url}, which wins over {@code update.url}.
 * A host application that already uses update.* (or device.*, …) for something of its own sets
 * {@code ota.keys=prefixed}: then only the ota.-prefixed forms count and the host's keys are never read.
 * Keys that already start with ota. are read as they are.
 */
final class OtaKeys {

    private OtaKeys() {
    }

    static Function<String, Optional<String>> lookup(Function<String, Optional<String>> properties) {
        String mode = properties.apply("ota.keys").map(String::trim).orElse("both");
        boolean prefixedOnly = switch (mode) {
            case "both", "" -> false;
            case "prefixed" -> true;
            default -> throw new IllegalArgumentException("ota.keys: must be both or prefixed, got '" + mode + "'");
        };
        return key -> {
            if (key.startsWith("ota.")) {
                return properties.apply(key);
            }
            Optional<String> prefixed = properties.apply("ota." + key);
            if (prefixed.isPresent() || prefixedOnly) {
                return prefixed;
            }
            return properties.apply(key);
        };
    }
}
