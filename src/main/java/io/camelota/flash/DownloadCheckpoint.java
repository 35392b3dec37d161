package io.camelota.flash;

import io.camelota.download.DownloadOrigin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camelota.bundle.BundleException;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.BundleReader;
import io.camelota.bundle.ResumePoint;
import io.camelota.slot.SlotWriter;

/**
 * A broken download that the next check may resume (download-state.json). Everything it claims is
 * durable: the slot was forced before it was written. The manifest is kept as its raw bytes so a resume
 * re-runs every manifest check and signature on exactly what was signed.
 *
 * @param total    the whole bundle's size, when the server said it
 * @param written  parts already completed in the target slots (re-hashed before a resume)
 * @param point    where the stream continues: {@link ResumePoint#offset()} is the Range start
 */
public record DownloadCheckpoint(
        @JsonProperty("url") String url,
        @JsonProperty("validator") String validator,
        @JsonProperty("total") Long total,
        @JsonProperty("active_slot") int activeSlot,
        @JsonProperty("target_slot") int targetSlot,
        @JsonProperty("manifest") String manifestBase64,
        @JsonProperty("manifest_attributes") Map<String, String> manifestAttributes,
        @JsonProperty("written") List<WrittenPart> written,
        @JsonProperty("point") ResumePoint point) {

    /** One part file that was written to its slot and verified. */
    public record WrittenPart(@JsonProperty("name") String name, @JsonProperty("size") long size,
                              @JsonProperty("sha256") String sha256) {

        /** Re-hashes the part in its slot: still what was written, and what the manifest promised. */
        String verify(Path slot, String manifestSha256) throws BundleException, IOException {
            String sha = SlotWriter.sha256(slot, size);
            if (!sha.equalsIgnoreCase(sha256) || (manifestSha256 != null && !sha.equalsIgnoreCase(manifestSha256))) {
                throw new BundleException("Digest mismatch: " + name);
            }
            return sha;
        }
    }

    public DownloadCheckpoint {
        written = written == null ? List.of() : List.copyOf(written);
        manifestAttributes = manifestAttributes == null ? Map.of() : Map.copyOf(manifestAttributes);
    }

    static DownloadCheckpoint of(DownloadOrigin origin, Long total, int activeSlot, int targetSlot, Manifest m,
                                 List<WrittenPart> written, ResumePoint point) {
        return new DownloadCheckpoint(origin.url(), origin.validator(), total, activeSlot, targetSlot,
                Base64.getEncoder().encodeToString(m.rawBytes()), m.extraAttributes(), written, point);
    }

    /** The bundle offset the rest is requested from. */
    public long offset() {
        return point.offset();
    }

    /** Parses the saved manifest again (its checks run again; signatures are checked by the installer). */
    Manifest manifest() throws BundleException {
        return BundleReader.parseManifest(Base64.getDecoder().decode(manifestBase64), manifestAttributes);
    }
}
