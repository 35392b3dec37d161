package io.camelota.tool;

import static io.camelota.tool.ToolTestSupport.b64;
import static io.camelota.tool.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.ExtraField;
import io.camelota.bundle.TestBundles;
import io.camelota.bundle.ZipRecords;
import io.camelota.flash.InstallPolicy;
import io.camelota.flash.InstallRequest;
import io.camelota.flash.Installer;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import io.camelota.tool.ToolTestSupport.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle inspect} against a real device: each bundle goes through the device's {@link Installer} (file
 * slots, file boot state) and through inspect given the device's settings; the verdicts and messages must be
 * the same. The damage is done the way an attacker or a broken build would do it, on the bytes.
 */
class InspectAsDeviceTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.5", "20261101-000000/factory",
            null, null);
    private static final KeyPair K0 = TestBundles.newEcKeyPair();

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private int devices;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A fresh device (ubuntu, update.key0 = key, sig_req_mask 1) installs the bundle: null, or its refusal. */
    private String device(byte[] bundle, String key) throws Exception {
        Path home = Files.createDirectories(dir.resolve("device" + devices++));
        BootControl boot = new BootControl(new BootStateFile(home.resolve("boot-state.json")), FACTORY);
        boot.boot();
        SlotLayout slots = new SlotLayout(new Path[] {home.resolve("slot0.img"), home.resolve("slot1.img")}, null,
                1 << 20);
        Installer installer = new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(boot, new StatusBoard()),
                new StatusBoard(), slots,
                new InstallPolicy("ubuntu", List.of(key), 1, true, true), scheduler, 30);
        try (InputStream in = new java.io.ByteArrayInputStream(bundle)) {
            installer.install(new InstallRequest(in, (long) bundle.length, true, 0, "test"));
            return null;
        } catch (UpdateFailure e) {
            return e.getMessage();
        }
    }

    /** Inspect with the same device settings: null when it says ok, else its refusal. */
    private String inspect(Path bundle, String key) {
        Run r = cli("bundle", "inspect", bundle.toString(), "--platform", "ubuntu", "--key", key,
                "--sig-req-mask", "1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isIn(0, 1);
        String last = r.out().lines().reduce((a, b) -> b).orElse("");
        if (r.exitCode() == 0) {
            assertThat(last).startsWith("result:          ok");
            return null;
        }
        assertThat(last).startsWith("REFUSED: ");
        return last.substring("REFUSED: ".length());
    }

    private static TestBundles.Builder signed(byte[] app) {
        return TestBundles.builder().version("1.6").buildId("20261201-000000/b").part("app", "app", "fw.bin", app)
                .signWith(0, K0.getPrivate());
    }

    @Test
    void inspectGivesTheDeviceVerdictWordForWord() throws Exception {
        byte[] app = TestBundles.randomBytes(50_000, 7);
        KeyPair other = TestBundles.newEcKeyPair();
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("good", signed(app).build());
        cases.put("wrong platform", signed(app).platform("esp32").build());
        cases.put("bad CRC", signed(app).headerCrc("fw.bin", 0x1234_5678L).build());
        cases.put("bad digest", signed(app).partAttr("app", "cs_sha256", "00".repeat(32)).build());
        cases.put("truncated", TestBundles.truncate(signed(app).build(), 30_000));
        cases.put("unsigned", TestBundles.builder().version("1.6").part("app", "app", "fw.bin", app).build());
        cases.put("other key", TestBundles.builder().version("1.6").part("app", "app", "fw.bin", app)
                .signWith(0, other.getPrivate()).build());
        cases.put("no app part", TestBundles.builder().version("1.6").part("fs", "fs", "fs.img", app)
                .signWith(0, K0.getPrivate()).build());
        cases.put("central directory lies", centralDirectoryLies(app));
        cases.put("duplicate sig0", duplicateSignature(app));
        cases.put("not a zip", app);

        List<String> verdicts = new ArrayList<>();
        for (var c : cases.entrySet()) {
            Path file = Files.write(dir.resolve(c.getKey().replace(' ', '-') + ".zip"), c.getValue());
            String device = device(c.getValue(), b64(K0.getPublic()));
            assertThat(inspect(file, b64(K0.getPublic()))).as(c.getKey()).isEqualTo(device);
            verdicts.add(c.getKey() + ": " + device);
        }
        // and the device really refused each damaged one, for its own reason
        assertThat(verdicts).containsExactly("good: null", "wrong platform: Wrong platform", "bad CRC: Invalid CRC",
                "bad digest: Digest mismatch: fw.bin", "truncated: Not all data was processed",
                "unsigned: Signature check failed", "other key: Signature check failed",
                "no app part: Incomplete update package", "central directory lies: Digest mismatch: fw.bin",
                "duplicate sig0: Signature check failed",
                "not a zip: Malformed archive (invalid file header)");
    }

    @Test
    void aCentralDirectoryPointingAtAGoodCopyDoesNotHideATamperedEntry() throws Exception {
        byte[] app = TestBundles.randomBytes(50_000, 7);
        Path file = Files.write(dir.resolve("lying.zip"), centralDirectoryLies(app));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            // what a central-directory reader (java.util.zip, unzip) sees: the good copy
            assertThat(zip.getInputStream(zip.getEntry("app-1.6/fw.bin")).readAllBytes()).isEqualTo(app);
        }
        Run r = cli("bundle", "inspect", file.toString(), "--key", b64(K0.getPublic()));
        assertThat(r.out()).endsWith("REFUSED: Digest mismatch: fw.bin\n");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aKeyOnAnotherCurveVerifiesNothingAsOnADevice() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        byte[] bundle = TestBundles.builder().version("1.6").part("app", "app", "fw.bin", new byte[1000])
                .signWith(0, p384.getPrivate()).build();
        Path file = Files.write(dir.resolve("p384.zip"), bundle);

        assertThat(device(bundle, b64(p384.getPublic()))).isEqualTo("Signature check failed");
        Run r = cli("bundle", "inspect", file.toString(), "--key", b64(p384.getPublic()));
        assertThat(r.out()).contains("  sig0: FAILED with key 0 (not a P-256 key: devices verify nothing with it)\n")
                .endsWith("REFUSED: Signature check failed\n");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void signRefusesWhatADeviceRefusesInsteadOfSigningTheCentralDirectorysCopy() throws Exception {
        Path lying = Files.write(dir.resolve("lying.zip"), centralDirectoryLies(TestBundles.randomBytes(50_000, 7)));
        Path pem = ToolTestSupport.writePkcs8(dir.resolve("k.pem"), Keygen.generate());
        Path out = dir.resolve("signed.zip");
        Run r = cli("bundle", "sign", lying.toString(), "--sign-key", pem.toString(), "-o", out.toString());
        assertThat(r.err()).isEqualTo("error: a device refuses this bundle: Digest mismatch: fw.bin\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("lying.zip", "k.pem");
        }
    }

    @Test
    void signKeepsExtraAttributesWithTheirJsonTypes() throws Exception {
        byte[] app = TestBundles.randomBytes(1000, 3);
        // a number and a boolean, as mos --extra-attr n=5 writes them
        Path created = dir.resolve("created.zip");
        Path appFile = Files.write(dir.resolve("fw.bin"), app);
        assertThat(cli("bundle", "create", "--name", "app", "--platform", "ubuntu", "--version", "1.6",
                "--part", "app=" + appFile, "--extra-attr", "n=5", "--extra-attr", "b=true", "-o",
                created.toString()).exitCode()).isZero();
        Path pem = ToolTestSupport.writePkcs8(dir.resolve("k.pem"), K0);
        Path signedOut = dir.resolve("signed.zip");
        assertThat(cli("bundle", "sign", created.toString(), "--sign-key", pem.toString(), "-o",
                signedOut.toString()).exitCode()).isZero();
        byte[] extra = ToolTestSupport.localEntries(signedOut).get(0).extra();
        assertThat(new String(extra, 4, extra.length - 4, StandardCharsets.UTF_8))
                .startsWith("{\"sig0\":\"").endsWith("\",\"n\":5,\"b\":true}");
        assertThat(device(Files.readAllBytes(signedOut), b64(K0.getPublic()))).isNull();
    }

    @Test
    void platformIsCheckedOnlyWhenGiven() throws Exception {
        Path file = Files.write(dir.resolve("esp32.zip"), signed(new byte[100]).platform("esp32").build());
        Run unchecked = cli("bundle", "inspect", file.toString());
        assertThat(unchecked.out()).endsWith("result:          ok (platform not checked: no --platform)\n");
        Run checked = cli("bundle", "inspect", file.toString(), "--platform", "ESP32");
        assertThat(checked.out()).endsWith("result:          ok\n");
        Run wrong = cli("bundle", "inspect", file.toString(), "--platform", "esp32c3");
        assertThat(wrong.out()).endsWith("REFUSED: Wrong platform\n");
        assertThat(wrong.exitCode()).isEqualTo(1);
    }

    /**
     * Two sig0 keys in the extra field, the second one valid: a parser taking the last would pass it; the device
     * refuses duplicate keys (two readers must not see two different signatures).
     */
    private static byte[] duplicateSignature(byte[] app) {
        TestBundles.Builder b = signed(app);
        String sig = TestBundles.sign(b.manifestBytes(), K0.getPrivate());
        byte[] json = ("{\"sig0\":\"AAAA\",\"sig0\":\"" + sig + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] extra = new byte[4 + json.length];
        extra[0] = 0x3A;
        extra[1] = 0x29;
        extra[2] = (byte) json.length;
        extra[3] = (byte) (json.length >> 8);
        System.arraycopy(json, 0, extra, 4, json.length);
        return b.manifestExtraRaw(extra).build();
    }

    /**
     * A signed bundle whose local fw.bin is tampered (its header CRC fixed up to match), followed by an unlisted
     * good copy that the central directory points to instead: zip tools see the good copy, a device the bad one.
     */
    private static byte[] centralDirectoryLies(byte[] app) throws Exception {
        byte[] manifest = signed(app).manifestBytes();
        byte[] extra = ExtraField.encodeAttributes(Map.of("sig0", TestBundles.sign(manifest, K0.getPrivate())));
        byte[] evil = app.clone();
        evil[100] ^= 0x55;
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        ZipRecords.Header m = header("app-1.6/manifest.json", extra, manifest, 0);
        z.writeBytes(ZipRecords.localHeader(m));
        z.writeBytes(manifest);
        z.writeBytes(ZipRecords.localHeader(header("app-1.6/fw.bin", null, evil, z.size())));
        z.writeBytes(evil);
        ZipRecords.Header good = header("app-1.6/fw.bin", null, app, z.size());
        z.writeBytes(ZipRecords.localHeader(good));
        z.writeBytes(app);
        int cd = z.size();
        z.writeBytes(ZipRecords.centralHeader(m));
        z.writeBytes(ZipRecords.centralHeader(good));
        z.writeBytes(ZipRecords.end(2, z.size() - cd, cd));
        return z.toByteArray();
    }

    private static ZipRecords.Header header(String name, byte[] extra, byte[] data, long offset) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return new ZipRecords.Header(name.getBytes(StandardCharsets.UTF_8), extra, 0, ZipRecords.STORED, 0,
                crc.getValue(), data.length, data.length, offset);
    }
}
