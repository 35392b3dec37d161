package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.slot.SlotWriter;

/**
 * What must hold on the data folder whenever the agent is dead (after a SIGKILL or a reboot exit),
 * whatever instant it died at:
 * <ul>
 *   <li>boot-state.json parses (as JSON and as the agent's own {@link BootState}), or is absent only
 *       when no state was ever written in this episode;</li>
 *   <li>the active slot is slot 0 holding the factory image, or slot 1 whose SHA-256 over its
 *       recorded size equals the recorded sha256 and the bundle's app part (never a half-written
 *       active slot); slot 0 — the fallback — is intact in every state;</li>
 *   <li>an uncommitted state falls back to slot 0, and names the new firmware 1.1;</li>
 *   <li>an uncommitted state has used no more starts than it was granted;</li>
 *   <li>nothing but the slots, the state, the agent's other files and temp files of interrupted writes
 *       ({@link AtomicFiles#isTempName}) lies in the folder.</li>
 * </ul>
 * The temp file's content is never looked at: only what the agent reads counts.
 */
final class PowerCutInvariants {

    static final String STATE = "boot-state.json";
    static final String STATE_TMP = ".boot-state.json.tmp";
    /** The conditional-poll validators (and their temp file) live in the data folder too. */
    static final String VALIDATORS = "http-validators.json";
    /** A broken download's resume checkpoint (and its AtomicFiles temp file). */
    private static final String DOWNLOAD_STATE = "download-state.json";
    private static final Set<String> ALLOWED = Set.of("slot0.img", "slot1.img", STATE, VALIDATORS, "uploads",
            DOWNLOAD_STATE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the folder said (null fields: no state file). */
    record Observation(boolean stateExists, Integer activeSlot, Boolean committed, Integer bootCount,
                       String activeVersion, String rejectedVersion, List<String> violations) {

        boolean ok() {
            return violations.isEmpty();
        }

        /** The update is done: slot 1 = 1.1, committed. */
        boolean completed() {
            return stateExists && Integer.valueOf(1).equals(activeSlot) && Boolean.TRUE.equals(committed);
        }

        /** Rolled back (by design after a kill in the commit window): slot 0 committed, 1.1 rejected. */
        boolean rolledBack() {
            return stateExists && Integer.valueOf(0).equals(activeSlot) && Boolean.TRUE.equals(committed)
                    && rejectedVersion != null;
        }

        String summary() {
            if (!stateExists) {
                return "no boot state";
            }
            return "active=" + activeSlot + " (" + activeVersion + ") committed=" + committed
                    + " boot_count=" + bootCount + (rejectedVersion == null ? "" : " rejected=" + rejectedVersion);
        }
    }

    private final Path dataDir;
    private final String factorySha;
    private final long factorySize;
    private final String appSha;
    private final long appSize;

    PowerCutInvariants(Path dataDir, String factorySha, long factorySize, String appSha, long appSize) {
        this.dataDir = dataDir;
        this.factorySha = factorySha;
        this.factorySize = factorySize;
        this.appSha = appSha;
        this.appSize = appSize;
    }

    /** Checks the folder; {@code stateEverWritten}: a boot-state.json was seen earlier in this episode. */
    Observation check(boolean stateEverWritten) throws IOException {
        List<String> v = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !ALLOWED.contains(n) && !AtomicFiles.isTempName(n))
                    .forEach(n -> v.add("stray file in data dir: " + n));
        }
        Path slot0 = dataDir.resolve("slot0.img");
        if (!Files.isRegularFile(slot0) || Files.size(slot0) != factorySize
                || !factorySha.equals(SlotWriter.sha256(slot0, factorySize))) {
            v.add("slot 0 (factory 1.0, the fallback) is no longer the factory image");
        }
        Path stateFile = dataDir.resolve(STATE);
        if (!Files.exists(stateFile)) {
            if (stateEverWritten) {
                v.add("boot-state.json disappeared after it had been written");
            }
            return new Observation(false, null, null, null, null, null, v);
        }
        JsonNode n;
        try {
            n = JSON.readTree(stateFile.toFile());
            JSON.treeToValue(n, BootState.class);
        } catch (IOException e) {
            v.add("boot-state.json does not parse: " + e.getMessage());
            return new Observation(true, null, null, null, null, null, v);
        }
        if (n == null || !n.isObject()) {
            v.add("boot-state.json is not a JSON object");
            return new Observation(true, null, null, null, null, null, v);
        }
        for (String field : List.of("active_slot", "revert_slot", "is_committed", "boot_attempts", "boot_count", "slots")) {
            if (!n.has(field)) {
                v.add("boot-state.json lacks " + field);
            }
        }
        int active = n.path("active_slot").asInt(-1);
        boolean committed = n.path("is_committed").asBoolean(false);
        int bootCount = n.path("boot_count").asInt(-1);
        int granted = n.path("boot_attempts").asInt(-1);
        if (!committed && (bootCount < 0 || bootCount > granted)) {
            v.add("uncommitted state used " + bootCount + " of " + granted + " boot attempts");
        }
        JsonNode activeContent = n.path("slots").path(Integer.toString(active));
        String activeVersion = activeContent.path("version").asText(null);
        String rejected = n.path("rejected").path("version").asText(null);
        if (active == 0) {
            if (!"1.0".equals(activeVersion)) {
                v.add("active slot 0 is recorded as " + activeVersion + ", not the factory 1.0");
            }
            if (!committed) {
                v.add("active slot 0 (factory) is uncommitted");
            }
        } else if (active == 1) {
            checkSlot1(activeContent, v);
            if (!committed && n.path("revert_slot").asInt(-1) != 0) {
                v.add("uncommitted slot 1 does not fall back to slot 0 (revert_slot " + n.path("revert_slot") + ")");
            }
        } else {
            v.add("active_slot is " + n.path("active_slot"));
        }
        if (rejected != null && !"1.1".equals(rejected)) {
            v.add("rejected firmware is " + rejected + ", expected 1.1");
        }
        return new Observation(true, active, committed, bootCount, activeVersion, rejected, v);
    }

    private void checkSlot1(JsonNode c, List<String> v) throws IOException {
        if (c.isMissingNode() || c.isNull()) {
            v.add("active slot 1 has no recorded content");
            return;
        }
        String recordedSha = c.path("sha256").asText("");
        long recordedSize = c.path("size").asLong(-1);
        if (!"1.1".equals(c.path("version").asText(null))) {
            v.add("active slot 1 is recorded as version " + c.path("version").asText(null) + ", expected 1.1");
        }
        if (!appSha.equalsIgnoreCase(recordedSha) || recordedSize != appSize) {
            v.add("active slot 1 recorded sha256/size " + recordedSha + "/" + recordedSize
                    + " differ from the bundle's app part " + appSha + "/" + appSize);
        }
        Path slot1 = dataDir.resolve("slot1.img");
        if (!Files.isRegularFile(slot1) || recordedSize < 0 || Files.size(slot1) < recordedSize) {
            v.add("active slot 1 is shorter than its recorded size " + recordedSize);
            return;
        }
        String actual = SlotWriter.sha256(slot1, recordedSize);
        if (!actual.equalsIgnoreCase(recordedSha)) {
            v.add("active slot 1 is half-written: sha256 over " + recordedSize + " bytes is " + actual
                    + ", recorded " + recordedSha);
        }
    }

    /** Back to the factory state for a new episode (slot 0 is left alone: it must still be intact). */
    void resetToFactory() throws IOException {
        Files.deleteIfExists(dataDir.resolve(STATE));
        Files.deleteIfExists(dataDir.resolve("slot1.img"));
        // a new episode is a device that never saw this bundle: no ETag to make the poll conditional
        Files.deleteIfExists(dataDir.resolve(VALIDATORS));
        // nor a half-finished download of it to resume
        Files.deleteIfExists(dataDir.resolve(DOWNLOAD_STATE));
        // A stale, unparsable temp file, as a kill inside AtomicFiles.write leaves one: the agent must never read it.
        Files.writeString(dataDir.resolve(STATE_TMP), "{\"active_slot\": 1, \"is_committed\": tr");
    }
}
