package io.camelota.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Streaming reader of Mongoose OS fw.zip bundles: walks the local headers in order (no central directory, no
 * seeking), checks the manifest, then hands every file to a {@link BundleHandler}'s sink while verifying CRC,
 * size and digest in the same pass. Memory does not grow with the bundle: one 64 KiB read buffer, one 64 KiB
 * chunk, and the manifest (bounded by {@link BundleLimits#maxManifestBytes()}).
 */
public final class BundleReader {

    private static final String MANIFEST_NAME = "manifest.json";

    private final BundleLimits limits;

    public BundleReader(BundleLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads local headers until the central directory signature 0x02014B50 (bytes after it are NOT consumed
     * beyond what was already buffered). Returns early, without consuming the rest, when
     * {@link BundleHandler#onManifest} returns false.
     */
    public void read(InputStream in, BundleHandler handler) throws BundleException, IOException {
        ZipSource src = new ZipSource(in);
        if (src.atEof()) {
            throw new BundleException("Empty bundle");
        }
        byte[] chunk = new byte[ZipSource.BUFFER_SIZE];
        Manifest manifest = null;
        Set<String> seen = new HashSet<>();
        while (true) {
            if (!src.ensure(4)) {
                throw new BundleException(ZipSource.TRUNCATED);
            }
            int sig = src.peekIntLE();
            if (sig == LocalHeader.CENTRAL_SIG || sig == LocalHeader.END_SIG) {
                break;
            }
            if (sig != LocalHeader.LOCAL_SIG) {
                throw new BundleException("Malformed archive (invalid file header)");
            }
            src.readUInt32();
            LocalHeader header = LocalHeader.read(src);
            if (header.isDirectory()) {
                skip(src, header, chunk);
                continue;
            }
            String name = EntryNames.strip(header.rawName());
            EntryNames.check(name, limits);
            if (manifest == null) {
                if (!name.equals(MANIFEST_NAME)) {
                    throw new BundleException("Manifest must be the first file");
                }
                manifest = readManifest(src, header, chunk);
                if (!handler.onManifest(manifest)) {
                    return;
                }
            } else {
                seen.add(name);
                readFile(src, header, name, manifest.partForFile(name), handler, chunk);
            }
        }
        if (manifest == null) {
            throw new BundleException("Manifest must be the first file");
        }
        for (ManifestPart p : manifest.parts().values()) {
            if (p.src() != null && !seen.contains(p.src())) {
                throw new BundleException(ZipSource.TRUNCATED);
            }
        }
    }

    private void skip(ZipSource src, LocalHeader header, byte[] chunk) throws IOException, BundleException {
        try (EntryInput entry = EntryInput.open(src, header, limits.maxEntrySize(),
                "Entry too large: " + header.rawName())) {
            while (entry.read(chunk, 0, chunk.length) >= 0) {
                // directory entries carry no data worth keeping; read only to reach the next header
            }
        }
    }

    private Manifest readManifest(ZipSource src, LocalHeader header, byte[] chunk)
            throws IOException, BundleException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (EntryInput entry = EntryInput.open(src, header, limits.maxManifestBytes(), "Manifest too large")) {
            int n;
            while ((n = entry.read(chunk, 0, chunk.length)) >= 0) {
                raw.write(chunk, 0, n);
            }
        }
        Map<String, String> attrs = ManifestParser.extraAttributes(header);
        return ManifestParser.parse(raw.toByteArray(), attrs);
    }

    private void readFile(ZipSource src, LocalHeader header, String name, Optional<ManifestPart> part,
                          BundleHandler handler, byte[] chunk) throws IOException, BundleException {
        long limit = limits.maxEntrySize();
        Long partSize = part.map(ManifestPart::size).orElse(null);
        if (partSize != null) {
            limit = Math.min(limit, partSize);
        }
        // opened before onFileStart so that an entry declaring too much is refused before a slot is touched
        try (EntryInput entry = EntryInput.open(src, header, limit, "Entry too large: " + name)) {
            PartSink sink = handler.onFileStart(name, part);
            String sha1Expected = part.map(ManifestPart::sha1).orElse(null);
            String sha256Expected = part.map(ManifestPart::sha256).orElse(null);
            MessageDigest sha256 = sink == null ? null : digest("SHA-256");
            MessageDigest sha1 = sink == null || sha256Expected != null || sha1Expected == null ? null : digest("SHA-1");
            int n;
            while ((n = entry.read(chunk, 0, chunk.length)) >= 0) {
                if (sink != null) {
                    sha256.update(chunk, 0, n);
                    if (sha1 != null) {
                        sha1.update(chunk, 0, n);
                    }
                    sink.write(chunk, 0, n);
                }
            }
            long size = entry.count();
            if (partSize != null && size != partSize) {
                throw new BundleException("Size mismatch: " + name);
            }
            if (sink == null) {
                return;
            }
            String sha256Hex = HexFormat.of().formatHex(sha256.digest());
            boolean digestOk = sha256Expected != null ? sha256Expected.equalsIgnoreCase(sha256Hex)
                    : sha1 == null || sha1Expected.equalsIgnoreCase(HexFormat.of().formatHex(sha1.digest()));
            if (!digestOk) {
                throw new BundleException("Digest mismatch: " + name);
            }
            handler.onFileEnd(name, size, sha256Hex);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a mandatory JDK algorithm", e);
        }
    }
}
