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
 * size and digest in the same pass. Memory does not grow with the bundle: one 64 KiB read buffer, one 128 KiB
 * chunk, and the manifest (bounded by {@link BundleLimits#maxManifestBytes()}).
 */
public final class BundleReader {

    private static final String MANIFEST_NAME = "manifest.json";
    /**
     * Bytes handed on per read: every read costs a pass through the stream chain, the digests' calls and the
     * progress bookkeeping, so fewer, larger ones stream faster; 128 KiB is also the most the JDK's socket
     * reads return at once (larger chunks would only be partly filled).
     */
    static final int CHUNK_SIZE = 128 * 1024;

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
        walk(src, null, new HashSet<>(), handler, new byte[CHUNK_SIZE]);
    }

    /**
     * Continues a bundle whose download broke at {@code point}: {@code rest} starts at bundle offset
     * {@link ResumePoint#offset()}. The saved manifest goes through {@link BundleHandler#onManifest} again
     * (every check and signature re-run), the interrupted entry's prefix is re-hashed through
     * {@link BundleHandler#onFileResume}, and from there on everything is checked as in {@link #read}.
     */
    public void resume(InputStream rest, Manifest manifest, ResumePoint point, BundleHandler handler)
            throws BundleException, IOException {
        ZipSource src = new ZipSource(rest, point.offset());
        if (!handler.onManifest(manifest)) {
            return;
        }
        byte[] chunk = new byte[CHUNK_SIZE];
        Set<String> seen = new HashSet<>(point.finished());
        LocalHeader header = new LocalHeader(0, LocalHeader.STORED, point.crc(), point.size(), point.size(),
                point.rawName(), new byte[0]);
        String name = EntryNames.strip(header.rawName());
        EntryNames.check(name, limits);
        readFile(src, header, name, manifest.partForFile(name), handler, chunk, point, seen);
        seen.add(name);
        walk(src, manifest, seen, handler, chunk);
    }

    /** Parses saved manifest bytes again (for a resume): the same checks as when it was first read. */
    public static Manifest parseManifest(byte[] raw, Map<String, String> extraAttributes) throws BundleException {
        Manifest m = ManifestParser.parse(raw, extraAttributes);
        ManifestChecks.requireDigests(m);
        return m;
    }

    /** Reads local headers until the central directory; {@code manifest} is null until it was read. */
    private void walk(ZipSource src, Manifest manifest, Set<String> seen, BundleHandler handler, byte[] chunk)
            throws BundleException, IOException {
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
            handler.onEntry(header.rawName(), header.extra());
            if (manifest == null) {
                if (!name.equals(MANIFEST_NAME)) {
                    throw new BundleException("Manifest must be the first file");
                }
                manifest = readManifest(src, header, chunk);
                ManifestChecks.requireDigests(manifest);
                if (!handler.onManifest(manifest)) {
                    return;
                }
            } else {
                readFile(src, header, name, manifest.partForFile(name), handler, chunk, null, seen);
                seen.add(name);
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

    /** {@code resumeAt} non-null: the entry's data continues after {@code resumeAt.delivered()} bytes. */
    private void readFile(ZipSource src, LocalHeader header, String name, Optional<ManifestPart> part,
                          BundleHandler handler, byte[] chunk, ResumePoint resumeAt, Set<String> seen)
            throws IOException, BundleException {
        long limit = limits.maxEntrySize();
        Long partSize = part.map(ManifestPart::size).orElse(null);
        if (partSize != null) {
            limit = Math.min(limit, partSize);
        }
        String tooLarge = "Entry too large: " + name;
        long dataStart = src.offset();
        // opened before onFileStart so that an entry declaring too much is refused before a slot is touched
        try (EntryInput entry = resumeAt == null ? EntryInput.open(src, header, limit, tooLarge)
                : EntryInput.resume(src, header, limit, tooLarge, resumeAt.delivered())) {
            String sha1Expected = part.map(ManifestPart::sha1).orElse(null);
            String sha256Expected = part.map(ManifestPart::sha256).orElse(null);
            MessageDigest sha256 = digest("SHA-256");
            // every digest the manifest gives is checked, in the same pass: a right cs_sha256 does not
            // excuse a wrong cs_sha1 (a device or tool that checks only SHA-1 would take other bytes)
            MessageDigest sha1 = sha1Expected == null ? null : digest("SHA-1");
            PartSink sink;
            if (resumeAt == null) {
                sink = handler.onFileStart(name, part);
            } else {
                dataStart = resumeAt.dataStart();
                // the written prefix, read back from the slot, rebuilds the hash states it left off with
                sink = handler.onFileResume(name, part, resumeAt.delivered(), (b, off, len) -> {
                    entry.prefix(b, off, len);
                    sha256.update(b, off, len);
                    if (sha1 != null) {
                        sha1.update(b, off, len);
                    }
                });
                if (sink == null) {
                    throw new BundleException("Cannot resume " + name);
                }
                if (entry.crcValue() != resumeAt.prefixCrc()) {
                    // caught before a byte more is downloaded: the slot no longer holds what was written
                    throw new BundleException("Digest mismatch: " + name);
                }
            }
            boolean stored = header.method() == LocalHeader.STORED && sink != null;
            // copied once per entry, not per chunk: ResumePoint keeps an immutable set as it is (JFR showed the
            // per-chunk HashSet copies on the streaming thread)
            Set<String> finishedBefore = Set.copyOf(seen);
            int n;
            while ((n = entry.read(chunk, 0, chunk.length)) >= 0) {
                if (sink != null) {
                    sha256.update(chunk, 0, n);
                    if (sha1 != null) {
                        sha1.update(chunk, 0, n);
                    }
                    sink.write(chunk, 0, n);
                    if (stored) {
                        handler.onStoredProgress(new ResumePoint(header.rawName(), header.crc(),
                                header.compressedSize(), dataStart, entry.count(), entry.crcValue(), finishedBefore));
                    }
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
            boolean digestOk = (sha256Expected == null || sha256Expected.equalsIgnoreCase(sha256Hex))
                    && (sha1 == null || sha1Expected.equalsIgnoreCase(HexFormat.of().formatHex(sha1.digest())));
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
