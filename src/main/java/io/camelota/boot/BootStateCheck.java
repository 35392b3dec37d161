package io.camelota.boot;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validates a boot state as read from storage, before anything acts on it: a state the agent does not
 * fully understand must stop it, never be "repaired". Checks: a JSON object; the
 * required fields present with the right types; slots 0 or 1; the active slot's (and the fallback
 * slot's) content recorded with a version; an uncommitted state has a different slot to fall back to
 * and a sane attempt count. A state written before boot attempts existed ({@code first_boot_tried})
 * is read as one attempt used.
 */
final class BootStateCheck {

    private BootStateCheck() {
    }

    /** Checks {@code n} (read from {@code file}) and returns the tree to map, with legacy fields translated. */
    static ObjectNode check(Path file, JsonNode n) throws BootStateException {
        if (n == null || n.isMissingNode()) {
            throw new BootStateException(file, "boot state is empty");
        }
        if (!n.isObject()) {
            throw new BootStateException(file, "boot state is not a JSON object (found " + n.getNodeType().name().toLowerCase()
                    + ")");
        }
        ObjectNode o = ((ObjectNode) n).deepCopy();
        int active = slotField(file, o, "active_slot");
        int revert = slotField(file, o, "revert_slot");
        JsonNode committed = required(file, o, "is_committed");
        if (!committed.isBoolean()) {
            throw new BootStateException(file, "is_committed is " + committed + ", must be true or false");
        }
        JsonNode slots = required(file, o, "slots");
        if (!slots.isObject()) {
            throw new BootStateException(file, "slots is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = slots.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("0") && !e.getKey().equals("1")) {
                throw new BootStateException(file, "slots has an entry \"" + e.getKey() + "\", slots are 0 and 1");
            }
            JsonNode version = e.getValue().path("version");
            if (!e.getValue().isObject() || !version.isTextual() || version.asText().isBlank()) {
                throw new BootStateException(file, "slot " + e.getKey() + " content has no version");
            }
        }
        if (!slots.has(Integer.toString(active))) {
            throw new BootStateException(file, "active slot " + active + " has no recorded content");
        }
        if (!slots.has(Integer.toString(revert))) {
            throw new BootStateException(file, "revert slot " + revert + " has no recorded content");
        }
        JsonNode writing = o.get("writing_slot");
        if (writing != null && !writing.isNull()) {
            int w = slotField(file, o, "writing_slot");
            if (w == active || w == revert) {
                throw new BootStateException(file, "writing_slot " + w + " is the slot that boots");
            }
        }
        int timeout = count(file, o, "commit_timeout");
        if (timeout < 0) {
            throw new BootStateException(file, "commit_timeout is " + timeout + ", must be 0 or more");
        }
        translateLegacy(o);
        int attempts = count(file, o, "boot_attempts");
        int used = count(file, o, "boot_count");
        if (attempts < 0 || used < 0) {
            throw new BootStateException(file, "boot_attempts/boot_count must be 0 or more");
        }
        if (!committed.asBoolean()) {
            if (revert == active) {
                throw new BootStateException(file, "uncommitted slot " + active + " has no other slot to fall back to");
            }
            if (attempts > 0 && used > attempts) {
                throw new BootStateException(file, "boot_count " + used + " exceeds boot_attempts " + attempts);
            }
        }
        return o;
    }

    /** {@code first_boot_tried} (the original's tombstone, written by older versions) = one attempt used. */
    private static void translateLegacy(ObjectNode o) {
        JsonNode tried = o.remove("first_boot_tried");
        if (tried != null && !o.has("boot_count")) {
            o.put("boot_count", tried.asBoolean(false) ? 1 : 0);
        }
    }

    private static JsonNode required(Path file, ObjectNode o, String field) throws BootStateException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new BootStateException(file, "boot state lacks " + field);
        }
        return v;
    }

    private static int slotField(Path file, ObjectNode o, String field) throws BootStateException {
        JsonNode v = required(file, o, field);
        if (!v.isInt() || (v.asInt() != 0 && v.asInt() != 1)) {
            throw new BootStateException(file, field + " is " + v + ", must be 0 or 1");
        }
        return v.asInt();
    }

    /** An optional whole number (absent = 0). */
    private static int count(Path file, ObjectNode o, String field) throws BootStateException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isInt()) {
            throw new BootStateException(file, field + " is " + v + ", must be a whole number");
        }
        return v.asInt();
    }
}
