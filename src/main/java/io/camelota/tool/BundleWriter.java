package io.camelota.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import io.camelota.boot.AtomicFiles;
import io.camelota.bundle.BundleException;
import io.camelota.bundle.ExtraField;
import io.camelota.bundle.SignatureVerifier;
import io.camelota.bundle.ZipRecords;
import io.camelota.delta.BundleIndexes;
import io.camelota.delta.CdcParams;

/**
 * Writes firmware bundles in the original mos layout (protocol doc §4.1–4.5): entries under
 * {@code <name>-<version>/}, manifest.json first, stored entries with CRC and sizes in the local headers, and the
 * signatures in the manifest entry's 0x293A extra field (local header and central record alike).
 */
public final class BundleWriter {

    static final String MANIFEST = "manifest.json";
    /** Computed part fields; a caller-supplied attribute may not override them for parts that have a file. */
    private static final Set<String> COMPUTED = Set.of("type", "src", "size", "cs_sha1", "cs_sha256",
            BundleIndexes.FIELD, BundleIndexes.FIELD_SHA256);

    private BundleWriter() {
    }

    /** size, digests and CRC of one part file, from a first streaming pass (parts may be far bigger than RAM). */
    record FileDigest(long size, String sha1, String sha256, long crc) {
    }

    /**
     * Creates a bundle.
     *
     * @param signKeys key for slot n at index n; a null entry keeps the slot index but emits no signature
     */
    public static void create(BundleSpec spec, List<PrivateKey> signKeys, Path out)
            throws IOException, GeneralSecurityException {
        create(spec, signKeys, out, null);
    }

    /**
     * Creates a bundle; with {@code deltaParams} each part file also gets a chunk index (a stored entry between
     * the manifest and the parts, named by the part's {@code delta_index} field and pinned by its
     * {@code delta_index_sha256}, so the signatures over the manifest cover it). See docs/delta.md.
     */
    public static void create(BundleSpec spec, List<PrivateKey> signKeys, Path out, CdcParams deltaParams)
            throws IOException, GeneralSecurityException {
        check(!spec.parts().isEmpty(), "a bundle needs at least one part");
        check(!spec.name().isEmpty() && !spec.name().contains("/"), "name must be non-empty and contain no '/'");
        check(!spec.version().isEmpty() && !spec.version().contains("/"),
                "version must be non-empty and contain no '/'");

        Map<String, Object> parts = new LinkedHashMap<>();
        Map<BundleSpec.PartSpec, FileDigest> digests = new LinkedHashMap<>();
        Set<String> srcNames = new HashSet<>();
        for (BundleSpec.PartSpec part : spec.parts()) {
            check(!parts.containsKey(part.name()), "duplicate part " + part.name());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", part.type());
            if (part.file() != null) {
                String src = part.file().getFileName().toString();
                check(srcNames.add(src), "two parts use the same file name " + src);
                // the device refuses names (after the top folder) of 50 bytes or more: "Too long file name"
                check(src.getBytes(StandardCharsets.UTF_8).length < 50, "file name too long for devices: " + src);
                for (String key : part.attrs().keySet()) {
                    check(!COMPUTED.contains(key), "part " + part.name() + ": attribute " + key
                            + " is computed from the file");
                }
                FileDigest d = digest(part.name(), part.file());
                digests.put(part, d);
                p.put("src", src);
                p.put("size", d.size());
                p.put("cs_sha1", d.sha1());
                p.put("cs_sha256", d.sha256());
            }
            p.putAll(part.attrs());
            parts.put(part.name(), p);
        }
        String dir = spec.topFolder() + "/";
        List<BundleIndexes.Encoded> indexes = List.of();
        if (deltaParams != null) {
            List<BundleIndexes.PartFile> files = new ArrayList<>();
            for (BundleSpec.PartSpec part : digests.keySet()) {
                String src = part.file().getFileName().toString();
                check(BundleIndexes.indexName(src).getBytes(StandardCharsets.UTF_8).length < 50,
                        "file name too long for its delta index entry: " + src);
                files.add(new BundleIndexes.PartFile(src, part.file()));
            }
            indexes = BundleIndexes.build(dir, files, deltaParams);
            int i = 0;
            for (BundleSpec.PartSpec part : digests.keySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) parts.get(part.name());
                p.put(BundleIndexes.FIELD, indexes.get(i).entryName());
                p.put(BundleIndexes.FIELD_SHA256, indexes.get(i).sha256());
                i++;
            }
        }
        List<BundleIndexes.Encoded> indexEntries = indexes;

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", spec.name());
        manifest.put("platform", spec.platform());
        manifest.put("version", spec.version());
        manifest.put("build_id", spec.buildId());
        manifest.put("build_timestamp", spec.buildTimestamp());
        for (var e : spec.manifestAttrs().entrySet()) {
            check(!manifest.containsKey(e.getKey()) && !"parts".equals(e.getKey()),
                    "attribute " + e.getKey() + " clashes with a manifest field");
            manifest.put(e.getKey(), e.getValue());
        }
        manifest.put("parts", parts);
        byte[] manifestBytes = Json.pretty(manifest).getBytes(StandardCharsets.UTF_8);

        Map<String, Object> extra = signatures(new LinkedHashMap<>(spec.extraAttrs()), signKeys, manifestBytes);
        try {
            writeAtomically(out, zipTime(spec.buildTimestamp()), zip -> {
                zip.add(dir + MANIFEST, ExtraField.encodeAttributes(extra), manifestBytes);
                // right after the manifest: a device has every index before the first part byte
                for (BundleIndexes.Encoded idx : indexEntries) {
                    zip.add(dir + idx.entryName(), null, idx.bytes());
                }
                for (var e : digests.entrySet()) {
                    FileDigest d = e.getValue();
                    try (InputStream in = Files.newInputStream(e.getKey().file())) {
                        zip.add(dir + e.getKey().file().getFileName(), null, d.crc(), d.size(), in);
                    }
                }
            });
        } catch (BundleException e) {
            throw new IllegalStateException("create reads no bundle", e);      // only sign's reader refuses
        }
    }

    /**
     * Adds signatures to an existing bundle. manifest.json keeps its exact bytes (they are what is signed);
     * signatures already present for slots without a new key, and other extra attributes, are kept.
     * The bundle is read as a device reads it (local headers, every check): one a device refuses is not signed.
     * Entries are re-written stored in local-header order; their own extra fields are dropped.
     */
    public static void sign(Path in, List<PrivateKey> signKeys, Path out)
            throws IOException, GeneralSecurityException, BundleException {
        SignedCopy.write(in, out, (manifestBytes, attrs) -> signatures(attrs, signKeys, manifestBytes));
    }

    /** First pass over a part file: size, SHA-1, SHA-256 (lower-case hex, as in manifests) and zip CRC-32. */
    static FileDigest digest(String part, Path file) throws IOException {
        MessageDigest sha1;
        MessageDigest sha256;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);                     // both are mandatory in every JDK
        }
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha1.update(buf, 0, n);
                sha256.update(buf, 0, n);
                crc.update(buf, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "part " + part + ": file not found");
        }
        HexFormat hex = HexFormat.of();
        return new FileDigest(size, hex.formatHex(sha1.digest()), hex.formatHex(sha256.digest()), crc.getValue());
    }

    /** sig0..sig7 first (new ones replace old ones in their slot), then the other attributes in their order. */
    static Map<String, Object> signatures(Map<String, Object> attrs, List<PrivateKey> keys, byte[] manifest)
            throws GeneralSecurityException {
        List<PrivateKey> slots = keys == null ? List.of() : keys;
        check(slots.size() <= SignatureVerifier.MAX_SLOTS, "at most 8 sign keys (slots sig0..sig7)");
        for (int n = 0; n < slots.size(); n++) {
            if (slots.get(n) != null) {
                attrs.put("sig" + n, ManifestSignatures.sign(slots.get(n), manifest));
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (int n = 0; n < SignatureVerifier.MAX_SLOTS; n++) {
            if (attrs.containsKey("sig" + n)) {
                ordered.put("sig" + n, attrs.get("sig" + n));
            }
        }
        attrs.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** Entry time from the build timestamp (with or without zone; zoneless means UTC), else the current time. */
    static int zipTime(String buildTimestamp) {
        return ZipRecords.dosDateTime(entryTime(buildTimestamp));
    }

    private static LocalDateTime entryTime(String buildTimestamp) {
        if (buildTimestamp == null) {
            return LocalDateTime.now(ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(buildTimestamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(buildTimestamp);
            } catch (DateTimeParseException e2) {
                return LocalDateTime.now(ZoneOffset.UTC);
            }
        }
    }

    interface ZipBody {
        void write(StoredZipWriter zip) throws IOException, BundleException;
    }

    /**
     * Writes through {@link AtomicFiles} (temp file, fsync, rename): a failure never leaves a half bundle, and
     * in == out works. Bundles are published, so the file is world-readable (rw-r--r--).
     */
    static void writeAtomically(Path out, int dosDateTime, ZipBody body) throws IOException, BundleException {
        BundleException[] refused = new BundleException[1];
        try {
            AtomicFiles.write(out, PosixFilePermissions.fromString("rw-r--r--"), os -> {
                StoredZipWriter zip = new StoredZipWriter(os, dosDateTime);
                try {
                    body.write(zip);
                } catch (BundleException e) {
                    refused[0] = e;                                 // AtomicFiles passes IOExceptions only
                    throw new IOException(e.getMessage(), e);
                }
                zip.finish();
            });
        } catch (IOException e) {
            if (refused[0] != null) {
                throw refused[0];
            }
            throw e;
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
