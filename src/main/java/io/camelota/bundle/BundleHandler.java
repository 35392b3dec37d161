package io.camelota.bundle;

import java.io.IOException;
import java.util.Optional;

/** Callbacks of {@link BundleReader#read}, in bundle order. */
public interface BundleHandler {

    /**
     * The local header of the next file entry (directories are skipped), before {@link #onManifest} or
     * {@link #onFileStart} for it: its full stored name and its raw extra field. For tools that show or rewrite
     * bundles; an installing device needs neither.
     */
    default void onEntry(String rawName, byte[] extra) throws BundleException, IOException {
    }

    /**
     * The manifest was parsed and checked (CRC, JSON, required fields). Return false to stop reading here
     * (e.g. same version); the reader then returns without consuming the rest of the stream.
     */
    boolean onManifest(Manifest manifest) throws BundleException, IOException;

    /**
     * A later file entry (name after stripping the top folder). Return a sink to receive its bytes, or null to
     * skip the entry (the reader still reads and CRC-checks it, but does not hash it and does not call
     * {@link #onFileEnd}). {@code part} is the manifest part whose src equals {@code name}, if any.
     */
    PartSink onFileStart(String name, Optional<ManifestPart> part) throws BundleException, IOException;

    /**
     * All bytes of that entry were delivered AND verified (CRC-32, and for a part: byte count == size,
     * SHA-256 == cs_sha256, else SHA-1 == cs_sha1). {@code sha256Hex} is the computed SHA-256, lower-case hex.
     */
    void onFileEnd(String name, long size, String sha256Hex) throws BundleException, IOException;

    /**
     * After each chunk delivered to the sink of a STORED entry: a point the download could be resumed from
     * once those bytes are durable. Called often (every chunk); the handler decides when to persist it.
     */
    default void onStoredProgress(ResumePoint point) throws IOException {
    }

    /**
     * Resume ({@link BundleReader#resume}): the sink of {@code name} continuing after its first
     * {@code delivered} bytes, which the handler must first feed to {@code prefix} exactly as they were
     * written (the reader re-hashes them). Null = cannot resume.
     */
    default PartSink onFileResume(String name, Optional<ManifestPart> part, long delivered, PartSink prefix)
            throws BundleException, IOException {
        return null;
    }
}
