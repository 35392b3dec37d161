package io.camelota.delta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;

/**
 * What a delta install has proven so far, so that a kill does not cost its network bytes again: the parts
 * finished, and of the current part the first {@code chunks} chunks ({@code bytes} bytes), each verified against
 * its SHA-256 and synced to the target slot before this record claims it. It only counts for the same bundle
 * (URL, validator, manifest digest) into the same slot from the same active slot.
 */
public record DeltaCheckpoint(String url, String validator, String manifestSha256, int activeSlot, int targetSlot,
                              List<String> doneParts, String part, int chunks, long bytes) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public DeltaCheckpoint {
        doneParts = doneParts == null ? List.of() : List.copyOf(doneParts);
    }

    boolean sameAttempt(DeltaCheckpoint o) {
        return o != null && java.util.Objects.equals(url, o.url) && java.util.Objects.equals(validator, o.validator)
                && java.util.Objects.equals(manifestSha256, o.manifestSha256) && activeSlot == o.activeSlot
                && targetSlot == o.targetSlot;
    }

    /** Chunks of {@code name} a resumed attempt finds in the target slot already (all of a done part). */
    int provenChunks(String name, int total) {
        if (doneParts.contains(name)) {
            return total;
        }
        return name.equals(part) ? Math.min(chunks, total) : 0;
    }

    /** The file in the data folder; written atomically (temp, fsync, rename), so a kill leaves the old or the new one. */
    public record Store(Path file) {

        public DeltaCheckpoint load() {
            try {
                return Files.exists(file) ? JSON.readValue(file.toFile(), DeltaCheckpoint.class) : null;
            } catch (IOException e) {
                return null;      // unreadable = nothing proven: the delta starts over (still no full download)
            }
        }

        public void save(DeltaCheckpoint c) throws IOException {
            AtomicFiles.write(file, JSON.writeValueAsBytes(c));
        }

        public void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale checkpoint never matches another bundle or slot
            }
        }
    }
}
