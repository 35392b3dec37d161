package io.camelota.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;
import io.camelota.bundle.ResumePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the bundle reader and the installer's session while the body streams: the session checks the
 * manifest (platform, versions, signatures) as always; then this hook keeps the chunk indexes the manifest names,
 * each checked against its {@code delta_index_sha256} before it is parsed. At the first part byte it stops the
 * stream with {@link Ready}, carrying everything the delta needs. Whenever delta is not possible (no index, a part
 * without one, parameters this device does not chunk with) it steps aside and the body streams on: a full
 * install, exactly as without delta, at no extra cost.
 */
public final class DeltaHook implements BundleHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaHook.class);

    /** Where parts of the new and of the running firmware live on this device. */
    public interface Slots {
        /** The slot a part is written to, empty = this device has none for it. */
        Optional<Path> target(ManifestPart part);

        /** The same part's slot of the running firmware and how many of its bytes are content; null = none. */
        ActiveSlot active(ManifestPart part) throws IOException;
    }

    /** @param sha256 the running content's SHA-256 when known (finds its cached chunk index), else null */
    public record ActiveSlot(Path path, long bytes, String sha256) {
    }

    /** The stream stops here: manifest and indexes are verified, the parts will be built by delta. */
    public static final class Ready extends IOException {
        private final transient DeltaRun run;

        Ready(DeltaRun run) {
            super("delta install takes over");
            this.run = run;
        }

        public DeltaRun run() {
            return run;
        }
    }

    private final BundleHandler session;
    private final Slots slots;
    private final DeltaRun.Factory runs;
    private Manifest manifest;
    /** index entry name -> the part it describes, in manifest order; null = delta is off for this bundle */
    private Map<String, ManifestPart> wanted;
    private final Map<String, DeltaPart> parsed = new LinkedHashMap<>();
    private String collecting;
    private ByteArrayOutputStream bytes;
    private long collectingStart;

    DeltaHook(BundleHandler session, Slots slots, DeltaRun.Factory runs) {
        this.session = session;
        this.slots = slots;
        this.runs = runs;
    }

    @Override
    public void onEntry(String rawName, byte[] extra) throws BundleException, IOException {
        session.onEntry(rawName, extra);
    }

    @Override
    public boolean onManifest(Manifest m) throws BundleException, IOException {
        if (!session.onManifest(m)) {
            return false;
        }
        manifest = m;
        Map<String, ManifestPart> w = new LinkedHashMap<>();
        for (ManifestPart p : m.parts().values()) {
            if (p.src() == null || slots.target(p).isEmpty()) {
                continue;                       // not installed on this device: needs no index
            }
            String index = text(p, BundleIndexes.FIELD);
            String sha = text(p, BundleIndexes.FIELD_SHA256);
            if (index == null || sha == null || p.size() == null || p.sha256() == null) {
                LOG.info("part {} has no delta index: full download", p.name());
                return true;
            }
            w.put(index, p);
        }
        wanted = w.isEmpty() ? null : w;
        return true;
    }

    private static String text(ManifestPart p, String field) {
        var node = p.json() == null ? null : p.json().get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    @Override
    public PartSink onFileStart(String name, Optional<ManifestPart> part) throws BundleException, IOException {
        if (wanted != null && wanted.containsKey(name) && !parsed.containsKey(name)) {
            ManifestPart p = wanted.get(name);
            long limit = IndexCodec.maxEncodedSize(p.size(), CdcParams.SMALLEST_MIN);
            collecting = name;
            collectingStart = -1;
            bytes = new ByteArrayOutputStream();
            return (buf, off, len) -> {
                if (bytes.size() + (long) len > limit) {
                    throw new IOException("delta index " + name + " larger than " + limit + " bytes");
                }
                bytes.write(buf, off, len);
            };
        }
        if (wanted != null && part.isPresent() && parsed.size() == wanted.size()) {
            throw new Ready(runs.create(manifest, new ArrayList<>(parsed.values())));
        }
        if (wanted != null && part.isPresent()) {
            // a part before its index: not the layout the tool writes, so no delta (the stream goes on)
            LOG.info("part {} comes before the delta indexes: full download", name);
            wanted = null;
        }
        return session.onFileStart(name, part);
    }

    @Override
    public void onStoredProgress(ResumePoint point) throws IOException {
        if (collecting != null) {
            collectingStart = point.dataStart();
            return;
        }
        session.onStoredProgress(point);
    }

    @Override
    public void onFileEnd(String name, long size, String sha256Hex) throws BundleException, IOException {
        if (collecting == null || !collecting.equals(name)) {
            session.onFileEnd(name, size, sha256Hex);
            return;
        }
        collecting = null;
        ManifestPart p = wanted.get(name);
        byte[] raw = bytes.toByteArray();
        bytes = null;
        String expected = text(p, BundleIndexes.FIELD_SHA256);
        String actual = HexFormat.of().formatHex(FastCdc.sha256().digest(raw));
        // the digest is covered by the manifest's signatures: nothing of the index is used before this check
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BundleException("Delta index " + name + " does not match the manifest (SHA-256 " + actual
                    + ", manifest " + expected + ")");
        }
        ChunkIndex index;
        try {
            index = IndexCodec.decode(raw, p.size());
        } catch (DeltaUnsupported e) {
            LOG.info("{}: full download", e.getMessage());
            wanted = null;
            return;
        } catch (DeltaException e) {
            throw new BundleException("Invalid delta index " + name + ": " + e.getMessage());
        }
        if (collectingStart < 0) {
            throw new BundleException("delta index " + name + ": not a stored entry");
        }
        long dataStart = collectingStart + raw.length + index.dataOffset();
        ActiveSlot active = slots.active(p);
        parsed.put(name, new DeltaPart(p.src(), p, index, dataStart, slots.target(p).orElseThrow(),
                active == null ? null : active.path(), active == null ? 0 : active.bytes(),
                active == null ? null : active.sha256()));
    }

    @Override
    public PartSink onFileResume(String name, Optional<ManifestPart> part, long delivered, PartSink prefix)
            throws BundleException, IOException {
        return session.onFileResume(name, part, delivered, prefix);
    }
}
