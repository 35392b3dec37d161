package io.camelota.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.camelota.flash.VersionOrder;
import io.camelota.pem.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", description = "Create a bundle in the original mos layout.")
final class CreateCommand implements Callable<Integer> {

    private static final DateTimeFormatter BUILD_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--name", required = true, description = "App name.")
    String name;
    @Option(names = "--platform", required = true, description = "Platform, e.g. esp32 or ubuntu.")
    String platform;
    @Option(names = "--version", required = true, description = "App version.")
    String version;
    @Option(names = "--build-id", description = "Build id (default: UTC yyyyMMdd-HHmmss).")
    String buildId;
    @Option(names = "--build-timestamp", description = "ISO-8601 UTC build time (default: now).")
    String buildTimestamp;
    @Option(names = "--part", required = true, paramLabel = "NAME=FILE[,type=T][,KEY=VALUE...]",
            description = "A part; type defaults to NAME. An empty FILE makes a fill-only part (e.g. nvs=,size=16384,fill=255).")
    List<String> parts;
    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "Extra top-level manifest attribute (signed).")
    List<String> attrs = new ArrayList<>();
    @Option(names = "--extra-attr", paramLabel = "KEY=VALUE",
            description = "Attribute stored beside the signatures in the zip extra field (not signed).")
    List<String> extraAttrs = new ArrayList<>();
    @Option(names = "--sign-key", paramLabel = "PEM",
            description = "Signing key for slot sig<n> (n-th option); \"\" keeps the slot empty.")
    List<String> signKeys = new ArrayList<>();
    @Option(names = "--delta-index", description = "Add a chunk index per part: devices then fetch only the changed "
            + "chunks with HTTP Range (docs/delta.md); others ignore it.")
    boolean deltaIndex;
    @Option(names = {"-o", "--output"}, required = true, description = "Bundle file to write.")
    Path output;
    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<BundleSpec.PartSpec> specs = new ArrayList<>();
        for (String p : parts) {
            specs.add(parsePart(p));
        }
        BundleSpec spec = new BundleSpec(name, platform, version,
                buildId != null ? buildId : BUILD_ID.format(now),
                buildTimestamp != null ? buildTimestamp : DateTimeFormatter.ISO_INSTANT.format(now),
                specs, keyValues(attrs), keyValues(extraAttrs));
        BundleWriter.create(spec, loadKeys(signKeys), output, deltaIndex ? io.camelota.delta.CdcParams.DEFAULT : null);
        if (!VersionOrder.orderable(version)) {
            // the bundle is still valid (allow_downgrade=true devices take it), but say what the others will do
            commandSpec.commandLine().getErr().println("warning: version '" + version + "' is neither semver nor"
                    + " dotted numbers: devices with update.allow_downgrade=false refuse it (\"Version order unknown\")"
                    + " and the update server never offers it as the newest");
            commandSpec.commandLine().getErr().flush();
        }
        return 0;
    }

    static BundleSpec.PartSpec parsePart(String text) {
        String[] fields = text.split(",", -1);
        int eq = fields[0].indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--part " + text + ": expected NAME=FILE[,type=T][,KEY=VALUE...]");
        }
        String partName = fields[0].substring(0, eq);
        String file = fields[0].substring(eq + 1);
        Map<String, Object> attrs = keyValues(List.of(fields).subList(1, fields.length));
        Object type = attrs.remove("type");
        return new BundleSpec.PartSpec(partName, type == null ? null : type.toString(),
                file.isEmpty() ? null : Path.of(file), attrs);
    }

    /** KEY=VALUE pairs; values that look like JSON integers or booleans (or 0x hex) become numbers/booleans. */
    static Map<String, Object> keyValues(List<String> pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected KEY=VALUE, got '" + kv + "'");
            }
            map.put(kv.substring(0, eq), value(kv.substring(eq + 1)));
        }
        return map;
    }

    private static Object value(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (INTEGER.matcher(v).matches() && v.length() < 19) {
            return Long.valueOf(v);
        }
        if (HEX.matcher(v).matches() && v.length() <= 17) {
            return Long.parseUnsignedLong(v.substring(2), 16);     // flash addresses are given in hex
        }
        return v;
    }

    /** Key files by slot; an empty name keeps the slot (null) so the next key still gets the next index. */
    static List<PrivateKey> loadKeys(List<String> files) {
        List<PrivateKey> keys = new ArrayList<>();
        for (String f : files) {
            if (f.isEmpty()) {
                keys.add(null);
                continue;
            }
            try {
                keys.add(PemFiles.readPrivateKey(Path.of(f)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("bad sign key file " + f + ": " + BundleTool.describe(e), e);
            }
        }
        return keys;
    }
}
