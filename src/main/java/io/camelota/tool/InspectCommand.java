package io.camelota.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints what a device would see in a bundle and checks it: manifest CRC, each part file's size and SHA-256
 * against the manifest, and each sigN against the N-th --key. Exit 1 when any of those checks fails.
 */
@Command(name = "inspect", description = "Print a bundle's manifest summary, parts and signature checks.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle to inspect.")
    Path input;
    @Option(names = "--key", paramLabel = "BASE64|FILE",
            description = "Public key for slot n (n-th option): Base64 DER, or a file holding it (e.g. k.pub.b64);"
                    + " \"\" skips a slot.")
    List<String> keys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PublicKey> publicKeys = loadKeys();
        // the manifest and its extra field from the first local header: what a streaming device parses
        FirstEntry first = FirstEntry.read(input);
        if (!BundleWriter.MANIFEST.equals(first.strippedName())) {
            throw new IOException(input + ": first entry is " + first.name() + ", not manifest.json"
                    + " (devices refuse this bundle)");
        }
        boolean ok = true;
        Map<String, Object> manifest;
        try {
            manifest = Json.parseObject(first.data());
        } catch (IOException e) {
            throw new IOException(input + ": manifest.json is not valid JSON: " + e.getMessage(), e);
        }
        out.println("bundle:          " + input);
        for (String field : List.of("name", "platform", "version", "build_id", "build_timestamp")) {
            out.printf("%-16s %s%n", field + ":", manifest.getOrDefault(field, "(missing)"));
        }
        boolean crcOk = first.crcMatches();
        ok &= crcOk;
        out.printf("manifest:        %s, %d bytes, CRC %s%n", first.name(), first.size(), crcOk ? "ok" : "MISMATCH");

        out.println("parts:");
        if (!(manifest.get("parts") instanceof Map<?, ?> parts) || parts.isEmpty()) {
            out.println("  (none: devices refuse this bundle)");
            ok = false;
        } else {
            try (ZipFile zip = new ZipFile(input.toFile())) {
                for (var e : parts.entrySet()) {
                    ok &= printPart(out, zip, String.valueOf(e.getKey()), e.getValue());
                }
            }
        }

        out.println("signatures:");
        Map<String, Object> extra = ManifestSignatures.parseExtraField(first.extra());
        boolean any = false;
        for (int n = 0; n < ManifestSignatures.MAX_SLOTS; n++) {
            Object sig = extra.get("sig" + n);
            PublicKey key = n < publicKeys.size() ? publicKeys.get(n) : null;
            if (sig == null) {
                continue;
            }
            any = true;
            if (key == null) {
                out.printf("  sig%d: present, not checked (no --key for slot %d)%n", n, n);
            } else if (ManifestSignatures.verify(key, String.valueOf(sig), first.data())) {
                out.printf("  sig%d: verified with key %d%n", n, n);
            } else {
                out.printf("  sig%d: FAILED with key %d%n", n, n);
                ok = false;
            }
        }
        if (!any) {
            out.println("  (none)");
        }
        extra.keySet().removeIf(k -> k.matches("sig[0-7]"));
        if (!extra.isEmpty()) {
            out.println("extra attributes: " + Json.compact(extra));
        }
        return ok ? 0 : 1;
    }

    /** One part line; checks the zip entry whose name (after the top folder) is the part's src. */
    private static boolean printPart(PrintWriter out, ZipFile zip, String name, Object value) throws IOException {
        Map<?, ?> part = value instanceof Map<?, ?> m ? m : Map.of();
        Object src = part.get("src");
        Object size = part.get("size");
        Object sha256 = part.get("cs_sha256");
        String check = "";
        boolean ok = true;
        if (src != null) {
            ZipEntry entry = findEntry(zip, String.valueOf(src));
            if (entry == null) {
                check = "  [entry MISSING]";
                ok = false;
            } else {
                String actual = sha256(zip, entry);
                ok = (size == null || String.valueOf(size).equals(String.valueOf(entry.getSize())))
                        && (sha256 == null || actual.equalsIgnoreCase(String.valueOf(sha256)));
                check = ok ? "  [entry ok]" : "  [entry MISMATCH: " + entry.getSize() + " bytes, sha256 " + actual + "]";
            }
        }
        out.printf("  %s: type=%s src=%s size=%s sha256=%s%s%n", name, part.get("type"), src == null ? "-" : src,
                size == null ? "-" : size, sha256 == null ? "-" : sha256, check);
        return ok;
    }

    private static ZipEntry findEntry(ZipFile zip, String src) {
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
            int slash = e.getName().indexOf('/');
            if (e.getName().substring(slash + 1).equals(src)) {     // the device drops up to the first '/'
                return e;
            }
        }
        return null;
    }

    private static String sha256(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PublicKey> loadKeys() {
        List<PublicKey> result = new ArrayList<>();
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
                result.add(ManifestSignatures.publicKey(text));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("bad --key " + k + ": " + BundleTool.describe(e), e);
            }
        }
        return result;
    }
}
