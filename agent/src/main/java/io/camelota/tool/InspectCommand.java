package io.camelota.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.BundleLimits;
import io.camelota.bundle.BundleReader;
import io.camelota.bundle.ExtraField;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestChecks;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;
import io.camelota.bundle.SignatureVerifier;
import io.camelota.flash.Installer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads a bundle exactly as a device does — the device's {@link BundleReader} over the local headers, its
 * platform check, its {@link SignatureVerifier} and sig_req_mask rule, its app-part rule — prints what it saw,
 * and ends with the device's verdict: "ok", or "REFUSED: " and the device's own status message (exit 1).
 * What a device decides from its own state (same version, downgrade, rolled back, slot size) is not checked.
 */
@Command(name = "inspect", description = "Read a bundle as a device would: manifest, parts, signatures, verdict.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle to inspect.")
    Path input;
    @Option(names = "--key", paramLabel = "BASE64|FILE",
            description = "The device's update.key<n> (n-th option): Base64 DER, or a file holding it"
                    + " (e.g. k.pub.b64); \"\" skips a slot.")
    List<String> keys = new ArrayList<>();
    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "The device's platform (device.platform); without it the platform is not checked.")
    String platform;
    @Option(names = "--sig-req-mask", paramLabel = "MASK",
            description = "The device's update.sig_req_mask (-1 ignore, 0 refuse all, else required sig bits);"
                    + " default: every slot given a --key, or -1 without keys.")
    Integer sigReqMask;
    /** Slots whose --key is on another curve than P-256. */
    private final java.util.Set<Integer> wrongCurve = new java.util.HashSet<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> deviceKeys = loadKeys();
        int mask = sigReqMask != null ? sigReqMask : defaultMask(deviceKeys);
        out.println("bundle:          " + input);
        Device device = new Device(out, deviceKeys, mask);
        try (InputStream in = Files.newInputStream(input)) {
            new BundleReader(BundleLimits.defaults()).read(in, device);
        } catch (BundleException e) {
            out.println("REFUSED: " + e.getMessage());
            return 1;
        } catch (io.camelota.delta.IndexReport.Mismatch e) {
            out.println("REFUSED: " + e.getMessage());
            return 1;
        }
        device.delta.summary(Files.size(input));
        out.println("result:          ok" + (platform == null ? " (platform not checked: no --platform)" : ""));
        return 0;
    }

    /** What a device with these keys, this mask and this platform does at each step, printed as it goes. */
    private final class Device implements BundleHandler {
        private final PrintWriter out;
        private final List<String> deviceKeys;
        private final int mask;
        private String rawName;
        private byte[] rawExtra;
        private boolean filesHeader;
        private io.camelota.delta.IndexReport delta;
        private String current;

        Device(PrintWriter out, List<String> deviceKeys, int mask) {
            this.out = out;
            this.deviceKeys = deviceKeys;
            this.mask = mask;
        }

        @Override
        public void onEntry(String name, byte[] extra) {
            rawName = name;
            rawExtra = extra;
        }

        @Override
        public boolean onManifest(Manifest m) throws BundleException {
            for (String[] f : new String[][] {{"name", m.name()}, {"platform", m.platform()},
                    {"version", m.version()}, {"build_id", m.buildId()}, {"build_timestamp", m.buildTimestamp()}}) {
                out.printf("%-16s %s%n", f[0] + ":", f[1] == null ? "(missing)" : f[1]);
            }
            out.printf("manifest:        %s, %d bytes, CRC ok%n", rawName, m.rawBytes().length);
            delta = new io.camelota.delta.IndexReport(out, m);
            out.println("parts:");
            for (ManifestPart p : m.parts().values()) {
                out.printf("  %s: type=%s src=%s size=%s sha256=%s%n", p.name(), p.type(), dash(p.src()),
                        dash(p.size()), dash(p.sha256()));
            }
            // the device's order (Installer): platform, signatures, then the app part
            if (platform != null) {
                ManifestChecks.requirePlatform(m, platform);
            }
            int verified = SignatureVerifier.verify(m.rawBytes(), m.extraAttributes(), deviceKeys);
            printSignatures(m.extraAttributes(), verified);
            SignatureVerifier.enforce(verified, mask);
            if (Installer.appPart(m).isEmpty()) {
                throw new BundleException("Incomplete update package");
            }
            return true;
        }

        private void printSignatures(Map<String, String> attrs, int verified) {
            out.println("signatures:");
            boolean any = false;
            for (int n = 0; n < SignatureVerifier.MAX_SLOTS; n++) {
                boolean sig = attrs.get("sig" + n) != null;
                boolean key = n < deviceKeys.size() && deviceKeys.get(n) != null;
                if (sig || key) {
                    any = true;
                    out.printf("  sig%d: %s%n", n, !sig ? "missing (key " + n + " given)"
                            : !key ? "present, not checked (no --key for slot " + n + ")"
                            : (verified & 1 << n) != 0 ? "verified with key " + n : "FAILED with key " + n
                            + (wrongCurve.contains(n) ? " (not a P-256 key: devices verify nothing with it)" : ""));
                }
            }
            if (!any) {
                out.println("  (none)");
            }
            out.printf("  verified mask 0x%x, sig_req_mask %d%n", verified, mask);
            Map<String, JsonNode> other = ExtraField.attributes(rawExtra);
            other.keySet().removeIf(k -> k.matches("sig[0-7]"));
            if (!other.isEmpty()) {
                out.println("extra attributes: " + other);
            }
        }

        @Override
        public PartSink onFileStart(String name, Optional<ManifestPart> part) {
            if (!filesHeader) {
                out.println("files:");
                filesHeader = true;
            }
            current = name;
            if (part.isEmpty() && delta.isIndex(name)) {
                return delta.indexSink();
            }
            if (part.isEmpty()) {
                out.printf("  %s: not a part: CRC checked, not installed%n", name);
                return null;
            }
            if (!installed(part.get())) {
                out.printf("  %s: part %s, type %s: CRC checked, not installed (no slot for it)%n", name,
                        part.get().name(), part.get().type());
                return null;
            }
            // the reader hashes what it delivers; a part with a delta index also has each chunk checked
            return delta.partSink(name, (b, off, len) -> { });
        }

        @Override
        public void onStoredProgress(io.camelota.bundle.ResumePoint point) throws IOException {
            try {
                delta.dataStart(current, point.dataStart());
            } catch (BundleException e) {
                throw new io.camelota.delta.IndexReport.Mismatch(e.getMessage());
            }
        }

        @Override
        public void onFileEnd(String name, long size, String sha256Hex) throws BundleException {
            if (delta.isIndex(name)) {
                delta.indexEnd(name);
                return;
            }
            out.printf("  %s: %d bytes, CRC, size and digest ok%n", name, size);
        }
    }

    /** Parts a device writes to a slot, and so hashes (Installer: type app, or fs when it keeps fs slots). */
    private static boolean installed(ManifestPart p) {
        return "app".equals(p.type()) || (p.type() == null && "app".equals(p.name())) || "fs".equals(p.type());
    }

    private static int defaultMask(List<String> keys) {
        int mask = 0;
        for (int n = 0; n < keys.size(); n++) {
            if (keys.get(n) != null) {
                mask |= 1 << n;
            }
        }
        return mask == 0 ? -1 : mask;
    }

    private static String dash(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }

    /** Keys as a device holds them (Base64 text), each parsed once here so a bad one is a usage error. */
    private List<String> loadKeys() {
        List<String> result = new ArrayList<>();
        for (String k : keys) {
            if (k.isEmpty()) {
                result.add(null);
                continue;
            }
            try {
                String text = k;
                if (k.length() < 4096 && Files.isRegularFile(Path.of(k))) {
                    text = Files.readString(Path.of(k), StandardCharsets.US_ASCII);
                }
                try {
                    SignatureVerifier.parseKey(text);
                } catch (InvalidKeyException e) {
                    // a real key on another curve: a device holding it verifies nothing with it, and so do we
                    wrongCurve.add(result.size());
                }
                result.add(text.trim());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("bad --key " + k + ": " + BundleTool.describe(e), e);
            }
        }
        if (result.size() > SignatureVerifier.MAX_SLOTS) {
            throw new IllegalArgumentException("at most 8 --key options (slots sig0..sig7)");
        }
        return result;
    }
}
