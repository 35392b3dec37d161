package io.camelota.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.BundleLimits;
import io.camelota.bundle.BundleReader;
import io.camelota.bundle.ExtraField;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;

/**
 * Copies a bundle with new manifest attributes (signatures), reading it exactly as a device does: the device's
 * {@link BundleReader} walks the local headers (never the central directory), checks every CRC, size and digest,
 * and refuses what a device refuses, with the device's message. Two passes, because a stored entry's CRC and size
 * go in its local header before its data and a deflated input entry's uncompressed CRC is known only at its end:
 * the first pass learns them, the second streams each file into the new bundle (memory stays flat).
 */
final class SignedCopy {

    /** Given the exact manifest bytes and its current extra attributes, the attributes to write. */
    interface Attributes {
        Map<String, Object> apply(byte[] manifest, Map<String, Object> current) throws GeneralSecurityException;
    }

    private record Stored(String rawName, long crc, long size) {
    }

    private SignedCopy() {
    }

    static void write(Path in, Path out, Attributes attributes)
            throws IOException, BundleException, GeneralSecurityException {
        Survey survey = new Survey();
        read(in, survey);
        Map<String, Object> attrs = attributes.apply(survey.manifest.rawBytes(), survey.manifestAttrs);
        byte[] extra = ExtraField.encodeAttributes(attrs);
        BundleWriter.writeAtomically(out, BundleWriter.zipTime(survey.manifest.buildTimestamp()),
                zip -> read(in, new Copy(zip, survey, extra)));
    }

    private static void read(Path in, BundleHandler handler) throws IOException, BundleException {
        try (InputStream stream = Files.newInputStream(in)) {
            new BundleReader(BundleLimits.defaults()).read(stream, handler);
        }
    }

    /** First pass: the manifest, its attributes, and every file's name, CRC and size in bundle order. */
    private static final class Survey implements BundleHandler {
        private final List<Stored> files = new ArrayList<>();
        private Manifest manifest;
        private String manifestName;
        private Map<String, Object> manifestAttrs;
        private String rawName;
        private byte[] rawExtra;
        private final CRC32 crc = new CRC32();

        @Override
        public void onEntry(String name, byte[] extra) {
            rawName = name;
            rawExtra = extra;
        }

        @Override
        public boolean onManifest(Manifest m) {
            manifest = m;
            manifestName = rawName;
            // the JSON values as stored: a number stays a number when the attributes are written again
            manifestAttrs = new LinkedHashMap<>(ExtraField.attributes(rawExtra));
            return true;
        }

        @Override
        public PartSink onFileStart(String name, Optional<ManifestPart> part) {
            crc.reset();
            return crc::update;
        }

        @Override
        public void onFileEnd(String name, long size, String sha256Hex) {
            files.add(new Stored(rawName, crc.getValue(), size));
        }
    }

    /** Second pass: the manifest with its new attributes, then each file as the first pass found it. */
    private static final class Copy implements BundleHandler {
        private final StoredZipWriter zip;
        private final Survey survey;
        private final byte[] manifestExtra;
        private int next;
        private StoredZipWriter.Entry open;

        Copy(StoredZipWriter zip, Survey survey, byte[] manifestExtra) {
            this.zip = zip;
            this.survey = survey;
            this.manifestExtra = manifestExtra;
        }

        @Override
        public boolean onManifest(Manifest m) throws IOException {
            if (!m.version().equals(survey.manifest.version())
                    || !java.util.Arrays.equals(m.rawBytes(), survey.manifest.rawBytes())) {
                throw new IOException("the bundle changed while it was being signed");
            }
            zip.add(survey.manifestName, manifestExtra, m.rawBytes());
            return true;
        }

        @Override
        public PartSink onFileStart(String name, Optional<ManifestPart> part) throws IOException {
            if (next >= survey.files.size()) {
                throw new IOException("the bundle changed while it was being signed");
            }
            Stored s = survey.files.get(next++);
            open = zip.begin(s.rawName(), null, s.crc(), s.size());
            return open;
        }

        @Override
        public void onFileEnd(String name, long size, String sha256Hex) throws IOException {
            open.end();
            open = null;
        }
    }
}
