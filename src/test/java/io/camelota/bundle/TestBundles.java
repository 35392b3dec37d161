package io.camelota.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds fw.zip bundles in the Mongoose layout, in memory, for tests: top folder {@code <name>-<version>/},
 * manifest.json first (pretty JSON with size, cs_sha1, cs_sha256 per part), stored entries with CRC and sizes
 * in the local header, central directory at the end. Options produce the variants and damage the reader must
 * handle. Example:
 * <pre>
 * byte[] zip = TestBundles.builder().platform("ubuntu").version("1.1").buildId("x")
 *         .part("app", "app", "fw.bin", bytes).build();
 * </pre>
 * Entry-level overrides ({@link Builder#headerCrc}, ...) take the entry name after the top folder
 * ({@code "manifest.json"}, {@code "fw.bin"}).
 */
public final class TestBundles {

    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestBundles() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the bundles the real Mongoose tooling built are kept in the repository (README there says how). */
    public static final Path REAL_BUNDLES = Path.of("src", "test", "resources", "mos-bundles");

    /**
     * A bundle built by the real Mongoose tooling, from src/test/resources/mos-bundles (tests run in the
     * project root). The repository carries them, so a fresh clone runs these tests instead of skipping them.
     */
    public static Path realBundle(String fileName) {
        Path file = REAL_BUNDLES.resolve(fileName);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalStateException("interop bundle missing from the repository: " + file.toAbsolutePath());
        }
        return file;
    }

    public static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 DER SubjectPublicKeyInfo, the form a device's update.key&lt;n&gt; holds. */
    public static String publicKeyBase64(KeyPair kp) {
        return Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
    }

    /**
     * Base64 DER ECDSA signature (SHA256withECDSA), as mos stores it in sig&lt;n&gt;. Not the tool's signer: this
     * one signs with any EC key, P-384 included, which the tool refuses and tests need (devices must refuse it).
     */
    public static String sign(byte[] data, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} reproducible pseudo-random bytes: firmware images and factory slots in tests. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    public static byte[] truncate(byte[] bundle, int length) {
        return Arrays.copyOf(bundle, length);
    }

    public static String sha256Hex(byte[] data) {
        return hex("SHA-256", data);
    }

    public static String sha1Hex(byte[] data) {
        return hex("SHA-1", data);
    }

    /** Deterministic pseudo-random content of any size, generated on the fly (never held in memory). */
    public static Supplier<InputStream> generated(long size, long seed) {
        return () -> new GeneratedStream(size, seed);
    }

    private static String hex(String alg, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private String name = "app";
        private String platform = "ubuntu";
        private String version = "1.0";
        private String buildId = "20260101-000000/test";
        private String buildTimestamp = "2026-01-01T00:00:00Z";
        private String topFolder;
        private boolean topFolderSet;
        private final Map<String, Object> attrs = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> parts = new LinkedHashMap<>();
        private final Map<String, TestZipWriter.Content> files = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> partAttrs = new HashMap<>();
        private final Map<String, Long> headerCrc = new HashMap<>();
        private final Map<String, Long> headerUsize = new HashMap<>();
        private final Map<String, Integer> methods = new HashMap<>();
        private final Map<String, String> fullNames = new HashMap<>();
        private final Map<String, String> sigAttrs = new LinkedHashMap<>();
        private final Map<Integer, PrivateKey> signers = new LinkedHashMap<>();
        private byte[] rawManifest;
        private boolean deflated;
        private boolean dataDescriptor;
        private boolean descriptorSignature = true;
        private boolean manifestNotFirst;
        private boolean directoryEntry;
        private boolean centralDirectory = true;
        private byte[] manifestExtra;

        public Builder name(String v) { name = v; return this; }
        public Builder platform(String v) { platform = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder buildId(String v) { buildId = v; return this; }
        public Builder buildTimestamp(String v) { buildTimestamp = v; return this; }
        /** Folder all entries live in; default {@code <name>-<version>}; null = entries at the root. */
        public Builder topFolder(String v) { topFolder = v; topFolderSet = true; return this; }
        /** An extra top-level manifest attribute. */
        public Builder attr(String key, Object value) { attrs.put(key, value); return this; }

        /** A part with a src file; size, cs_sha1 and cs_sha256 are computed from {@code data}. */
        public Builder part(String partName, String type, String src, byte[] data) {
            return part(partName, type, src, data.length, () -> new ByteArrayInputStream(data), data);
        }

        /** A part whose content is generated when the bundle is streamed (stored only; read twice). */
        public Builder part(String partName, String type, String src, long size, Supplier<InputStream> content) {
            return part(partName, type, src, size, content, null);
        }

        private Builder part(String partName, String type, String src, long size, Supplier<InputStream> content,
                             byte[] bytes) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", type);
            p.put("src", src);
            parts.put(partName, p);
            files.put(src, new TestZipWriter.Content(size, content, bytes));
            return this;
        }

        /** A fill-only part with no src and no zip entry (like a real bundle's nvs). */
        public Builder partNoSrc(String partName, String type, long size, int fill) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", type);
            p.put("size", size);
            p.put("fill", fill);
            parts.put(partName, p);
            return this;
        }

        /** Sets (or with null removes) a part attribute after the computed ones, e.g. a wrong cs_sha256. */
        public Builder partAttr(String partName, String key, Object value) {
            partAttrs.computeIfAbsent(partName, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** A zip entry that no part refers to. */
        public Builder file(String entryName, byte[] data) {
            files.put(entryName, new TestZipWriter.Content(data.length, () -> new ByteArrayInputStream(data), data));
            return this;
        }

        /** Leaves a part's file out of the zip (the manifest still lists it). */
        public Builder omitFile(String entryName) { files.remove(entryName); return this; }
        /** Stores manifest.json exactly as given instead of the generated one. */
        public Builder rawManifest(String json) { return rawManifest(json.getBytes(StandardCharsets.UTF_8)); }
        public Builder rawManifest(byte[] bytes) { rawManifest = bytes; return this; }
        /** Key/values for the manifest entry's 0x293A extra field (sig0.., --extra-attr). */
        public Builder signatureAttrs(Map<String, String> a) { sigAttrs.putAll(a); return this; }
        /** Signs the stored manifest bytes with this key into attribute sig&lt;slot&gt;. */
        public Builder signWith(int slot, PrivateKey key) { signers.put(slot, key); return this; }
        /** Replaces the manifest entry's whole extra field with these bytes (malformed-extra tests). */
        public Builder manifestExtraRaw(byte[] extra) { manifestExtra = extra; return this; }
        /** Deflate every entry (sizes in the local header unless {@link #dataDescriptor}). */
        public Builder deflated(boolean v) { deflated = v; return this; }
        /** Deflate with flag bit 3: zeros in the local header, a data descriptor after the data. */
        public Builder dataDescriptor(boolean v) { dataDescriptor = v; if (v) { deflated = true; } return this; }
        /** Whether descriptors carry the optional 0x08074B50 signature (default true). */
        public Builder descriptorSignature(boolean v) { descriptorSignature = v; return this; }
        public Builder manifestNotFirst() { manifestNotFirst = true; return this; }
        /** Adds a directory entry for the top folder first, as some zip tools do. */
        public Builder directoryEntry(boolean v) { directoryEntry = v; return this; }
        public Builder noCentralDirectory() { centralDirectory = false; return this; }
        public Builder headerCrc(String entryName, long crc) { headerCrc.put(entryName, crc); return this; }
        /** Lies about the uncompressed size in the local header (zip bombs). */
        public Builder headerUncompressedSize(String entryName, long size) { headerUsize.put(entryName, size); return this; }
        public Builder method(String entryName, int method) { methods.put(entryName, method); return this; }
        /** Stores an entry under this full zip name instead of {@code <top>/<entryName>}. */
        public Builder fullName(String entryName, String fullName) { fullNames.put(entryName, fullName); return this; }

        /** The manifest.json bytes exactly as they will be stored. */
        public byte[] manifestBytes() {
            if (rawManifest != null) {
                return rawManifest;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("platform", platform);
            m.put("version", version);
            m.put("build_id", buildId);
            m.put("build_timestamp", buildTimestamp);
            Map<String, Object> ps = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : parts.entrySet()) {
                Map<String, Object> p = new LinkedHashMap<>(e.getValue());
                TestZipWriter.Content c = p.get("src") == null ? null : files.get((String) p.get("src"));
                if (c != null) {
                    TestZipWriter.Digests d = c.digests();
                    p.put("size", c.size);
                    p.put("cs_sha1", d.sha1());
                    p.put("cs_sha256", d.sha256());
                }
                for (Map.Entry<String, Object> o : partAttrs.getOrDefault(e.getKey(), Map.of()).entrySet()) {
                    if (o.getValue() == null) {
                        p.remove(o.getKey());
                    } else {
                        p.put(o.getKey(), o.getValue());
                    }
                }
                ps.put(e.getKey(), p);
            }
            m.put("parts", ps);
            m.putAll(attrs);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] build() {
            try (InputStream in = buildStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The bundle as a stream; generated part content is produced on the fly, not held in memory. */
        public InputStream buildStream() {
            String top = topFolderSet ? topFolder : name + "-" + version;
            String prefix = top == null || top.isEmpty() ? "" : top + "/";
            byte[] manifest = manifestBytes();
            List<String> order = new ArrayList<>(files.keySet());
            int manifestAt = manifestNotFirst && !order.isEmpty() ? 1 : 0;
            order.add(manifestAt, MANIFEST);
            TestZipWriter w = new TestZipWriter();
            if (directoryEntry && !prefix.isEmpty()) {
                w.entry(prefix, 0, new TestZipWriter.Content(0, () -> InputStream.nullInputStream(), new byte[0]), null, false, false);
            }
            for (String entry : order) {
                TestZipWriter.Content c = entry.equals(MANIFEST)
                        ? new TestZipWriter.Content(manifest.length, () -> new ByteArrayInputStream(manifest), manifest)
                        : files.get(entry);
                byte[] extra = entry.equals(MANIFEST) ? manifestExtra(manifest) : null;
                int method = methods.getOrDefault(entry, deflated ? 8 : 0);
                w.entry(fullNames.getOrDefault(entry, prefix + entry), method, c, extra,
                        deflated && dataDescriptor, descriptorSignature,
                        headerCrc.get(entry), headerUsize.get(entry));
            }
            if (centralDirectory) {
                w.centralDirectory();
            }
            return w.stream();
        }

        private byte[] manifestExtra(byte[] manifest) {
            if (manifestExtra != null) {
                return manifestExtra;
            }
            Map<String, String> a = new LinkedHashMap<>(sigAttrs);
            signers.forEach((slot, key) -> a.put("sig" + slot, sign(manifest, key)));
            if (a.isEmpty()) {
                return null;
            }
            try {
                return ExtraField.encodeAttributes(a);             // the codec the device reads them with
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** xorshift bytes: incompressible-looking, reproducible, no storage. */
    private static final class GeneratedStream extends InputStream {
        private long left;
        private long state;

        GeneratedStream(long size, long seed) {
            this.left = size;
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            left -= n;
            return n;
        }
    }
}
