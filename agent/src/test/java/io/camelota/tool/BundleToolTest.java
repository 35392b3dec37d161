package io.camelota.tool;

import static io.camelota.tool.Cli.cli;
import static io.camelota.tool.ToolTestSupport.localEntries;
import static io.camelota.tool.ToolTestSupport.randomFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import io.camelota.bundle.SignatureVerifier;
import io.camelota.pem.PemFiles;
import io.camelota.tool.ToolTestSupport.Local;
import io.camelota.tool.ToolTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleToolTest {

    /** Made by the original mos build script; see its README (beside it in the repository) for the expected values. */
    private static final Path DEMO = Path.of("src/test/resources/mos-bundles/demo-app-ubuntu-1.2.3.zip");

    @TempDir
    Path dir;

    @Test
    void inspectReadsTheOriginalMosBundle() {
        assertThat(DEMO).as("the repository's copy of the original tool's bundle").isRegularFile();
        Run r = cli("bundle", "inspect", DEMO.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("name:            demo-app\n", "platform:        ubuntu\n",
                "version:         1.2.3\n", "build_id:        20261120-100000/g1a2b3c4-master\n",
                "manifest:        demo-app-1.2.3/manifest.json, 753 bytes, CRC ok",
                "  app: type=app src=demo-app.bin size=300000"
                        + " sha256=97177e57bfa8a41101d10da587e2fcfb068c1ec3cbf2222e5b782403397b8d9b\n",
                "  fs: type=fs src=fs.img size=65536"
                        + " sha256=7af8f54065641c53689b30f06843769bb457aef26ffc70cc339cf0a4e628e4da\n",
                "  nvs: type=nvs src=- size=16384 sha256=-",
                "  demo-app.bin: 300000 bytes, CRC, size and digest ok\n",
                "  fs.img: 65536 bytes, CRC, size and digest ok\n",
                "result:          ok (platform not checked: no --platform)\n",
                "signatures:\n  (none)");
    }

    @Test
    void signingTheOriginalMosBundleKeepsItsManifestAndEntries() throws Exception {
        assertThat(DEMO).as("the repository's copy of the original tool's bundle").isRegularFile();
        KeyPair k0 = Keygen.generate();
        Path pem = ToolTestSupport.writePkcs8(dir.resolve("k0.pem"), k0);
        Path signed = dir.resolve("signed.zip");
        Run r = cli("bundle", "sign", DEMO.toString(), "--sign-key", pem.toString(), "-o", signed.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        var before = localEntries(DEMO);
        var after = localEntries(signed);
        assertThat(after).extracting(Local::name).containsExactly("demo-app-1.2.3/manifest.json",
                "demo-app-1.2.3/demo-app.bin", "demo-app-1.2.3/fs.img");
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).data()).isEqualTo(before.get(i).data());
            assertThat(after.get(i).crc()).isEqualTo(before.get(i).crc());
        }
        assertThat(cli("bundle", "inspect", signed.toString(), "--key", b64(k0.getPublic())).out())
                .contains("platform:        ubuntu\n", "  sig0: verified with key 0\n");
    }

    @Test
    void signRewritesDeflatedPartEntriesStored() throws Exception {
        // a bundle as a generic zip tool might make it: stored manifest first, but a deflated part
        byte[] part = new byte[5000];
        byte[] manifest = ("{\"platform\": \"p\", \"version\": \"1\", \"build_id\": \"b\", \"parts\": {\"app\":"
                + " {\"src\": \"app.bin\", \"size\": 5000, \"cs_sha256\": \"" + BundleWriterTest.hex("SHA-256", part)
                + "\"}}}").getBytes(StandardCharsets.UTF_8);
        Path in = dir.resolve("mixed.zip");
        try (var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(in))) {
            var m = new java.util.zip.ZipEntry("x-1/manifest.json");
            var crc = new java.util.zip.CRC32();
            crc.update(manifest);
            m.setMethod(java.util.zip.ZipEntry.STORED);
            m.setSize(manifest.length);
            m.setCrc(crc.getValue());
            zos.putNextEntry(m);
            zos.write(manifest);
            zos.putNextEntry(new java.util.zip.ZipEntry("x-1/app.bin"));   // deflated, with a data descriptor
            zos.write(part);
        }
        Path pem = ToolTestSupport.writePkcs8(dir.resolve("k.pem"), Keygen.generate());
        Path out = dir.resolve("signed.zip");
        Run r = cli("bundle", "sign", in.toString(), "--sign-key", pem.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        var entries = localEntries(out);
        assertThat(entries).extracting(Local::name).containsExactly("x-1/manifest.json", "x-1/app.bin");
        assertThat(entries.get(0).data()).isEqualTo(manifest);
        assertThat(entries.get(1).method()).isZero();
        assertThat(entries.get(1).flags() & 8).isZero();
        assertThat(entries.get(1).data()).isEqualTo(part);
    }

    @Test
    void createParsesPartsAttributesAndDefaults() throws Exception {
        Path app = randomFile(dir, "app.bin", 4000, 1);
        Path out = dir.resolve("fw.zip");
        Run r = cli("bundle", "create", "--name", "myapp", "--platform", "esp32", "--version", "1.0.3",
                "--part", "app=" + app + ",ptn=app_0,encrypt=true,addr=0x10000",
                "--part", "nvs=,size=16384,fill=255,type=data", "--attr", "description=demo", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        Map<String, Object> m = Json.parseObject(localEntries(out).get(0).data());
        assertThat((String) m.get("build_id")).matches("\\d{8}-\\d{6}");
        assertThat((String) m.get("build_timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(m).containsEntry("description", "demo");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parts = (Map<String, Map<String, Object>>) m.get("parts");
        assertThat(parts.get("app")).containsEntry("type", "app").containsEntry("src", "app.bin")
                .containsEntry("size", 4000).containsEntry("ptn", "app_0").containsEntry("encrypt", true)
                .containsEntry("addr", 0x10000);
        assertThat(parts.get("nvs")).containsEntry("type", "data").containsEntry("fill", 255);
    }

    @Test
    void createWarnsAboutAVersionDevicesCannotOrder() throws Exception {
        Path app = randomFile(dir, "app.bin", 100, 2);
        Run bad = cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1.9a",
                "--part", "app=" + app, "-o", dir.resolve("bad.zip").toString());
        assertThat(bad.exitCode()).as(bad.err()).isZero();
        assertThat(bad.err()).contains("warning: version '1.9a' is neither semver nor dotted numbers")
                .contains("Version order unknown");
        Run good = cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "v1.10.0-rc.1",
                "--part", "app=" + app, "-o", dir.resolve("good.zip").toString());
        assertThat(good.err()).doesNotContain("warning");
    }

    @Test
    void inspectTellsWhichSignaturesVerifyAndCatchesAChangedManifestByte() throws Exception {
        KeyPair k0 = Keygen.generate();
        KeyPair k2 = Keygen.generate();
        Path pem0 = ToolTestSupport.writePkcs8(dir.resolve("k0.pem"), k0);
        Path pem2 = ToolTestSupport.writeSec1(dir.resolve("k2.pem"), k2);
        Path app = randomFile(dir, "app.bin", 10_000, 1);
        Path out = dir.resolve("fw.zip");
        Run create = cli("bundle", "create", "--name", "a", "--platform", "ubuntu", "--version", "2.0",
                "--part", "app=" + app, "--sign-key", pem0.toString(), "--sign-key", "", "--sign-key", pem2.toString(),
                "-o", out.toString());
        assertThat(create.exitCode()).as(create.err()).isZero();

        String b64k0 = b64(k0.getPublic());
        String b64k2 = b64(k2.getPublic());
        Run ok = cli("bundle", "inspect", out.toString(), "--key", b64k0, "--key", "", "--key", b64k2);
        assertThat(ok.out()).contains("  sig0: verified with key 0\n", "  sig2: verified with key 2\n",
                "result:          ok").doesNotContain("sig1");
        assertThat(ok.exitCode()).isZero();

        // by default every slot given a key is required (as sig_req_mask 7 on a device would)
        Run unsignedSlot = cli("bundle", "inspect", out.toString(), "--key", b64k0, "--key", b64k2, "--key", b64k2);
        assertThat(unsignedSlot.out()).contains("  sig1: missing (key 1 given)\n",
                "  verified mask 0x5, sig_req_mask 7\n", "REFUSED: Signature check failed\n");
        assertThat(unsignedSlot.exitCode()).isEqualTo(1);
        Run masked = cli("bundle", "inspect", out.toString(), "--key", b64k0, "--key", b64k2, "--key", b64k2,
                "--sig-req-mask", "5");
        assertThat(masked.exitCode()).as(masked.out()).isZero();

        Run wrongKey = cli("bundle", "inspect", out.toString(), "--key", b64k2);
        assertThat(wrongKey.out()).contains("  sig0: FAILED with key 0\n",
                "  sig2: present, not checked (no --key for slot 2)\n", "REFUSED: Signature check failed\n");
        assertThat(wrongKey.exitCode()).isEqualTo(1);

        // change "2.0" to "2.1" inside manifest.json: signatures and the CRC must both fail
        byte[] zip = Files.readAllBytes(out);
        Local manifest = localEntries(out).get(0);
        int at = indexOf(zip, "\"version\": \"2.0\"".getBytes(StandardCharsets.UTF_8)) + 14;
        assertThat(at).isGreaterThan((int) manifest.offset());
        zip[at] = '1';
        Path tampered = Files.write(dir.resolve("tampered.zip"), zip);
        Run bad = cli("bundle", "inspect", tampered.toString(), "--key", b64k0, "--key", "", "--key", b64k2);
        // a device stops at the manifest's CRC, before it reads a field or a signature
        assertThat(bad.out()).endsWith("bundle:          " + tampered + "\nREFUSED: Invalid CRC\n");
        assertThat(bad.exitCode()).isEqualTo(1);
    }

    @Test
    void signCommandAddsASlotAndKeepsTheManifest() throws Exception {
        KeyPair k1 = Keygen.generate();
        Path pem1 = ToolTestSupport.writePkcs8(dir.resolve("k1.pem"), k1);
        Path app = randomFile(dir, "app.bin", 1000, 1);
        Path out = dir.resolve("fw.zip");
        Path signed = dir.resolve("signed.zip");
        assertThat(cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1",
                "--part", "app=" + app, "-o", out.toString()).exitCode()).isZero();
        Run r = cli("bundle", "sign", out.toString(), "--sign-key", "", "--sign-key", pem1.toString(),
                "-o", signed.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(localEntries(signed).get(0).data()).isEqualTo(localEntries(out).get(0).data());
        Run inspect = cli("bundle", "inspect", signed.toString(), "--key", "", "--key", b64(k1.getPublic()));
        assertThat(inspect.out()).contains("  sig1: verified with key 1\n").doesNotContain("sig0");
    }

    @Test
    void keygenKeyLoadsAndItsPublicKeyVerifies() throws Exception {
        Run r = cli("keygen", "-o", dir.resolve("release").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String printed = r.out().trim();
        assertThat(Files.readString(dir.resolve("release.pub.b64")).trim()).isEqualTo(printed);
        assertThat(Files.readString(dir.resolve("release.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");

        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("release.pem"));
        byte[] data = "{\"manifest\": true}".getBytes(StandardCharsets.UTF_8);
        String sig = ManifestSignatures.sign(key, data);
        assertThat(ToolTestSupport.verifies(SignatureVerifier.parseKey(printed), sig, data)).isTrue();

        // the .pub.b64 file is accepted by inspect --key as well
        Path app = randomFile(dir, "app.bin", 100, 1);
        Path out = dir.resolve("fw.zip");
        cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1", "--part", "app=" + app,
                "--sign-key", dir.resolve("release.pem").toString(), "-o", out.toString());
        assertThat(cli("bundle", "inspect", out.toString(), "--key", dir.resolve("release.pub.b64").toString()).out())
                .contains("  sig0: verified with key 0\n");

        Run again = cli("keygen", "-o", dir.resolve("release").toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    @Test
    void opensslSec1KeySigns() throws Exception {
        assumeTrue(ToolTestSupport.installed("openssl"), "openssl not installed");
        Path pem = dir.resolve("sec1.pem");
        Path pub = dir.resolve("sec1.pub.der");
        assertThat(ToolTestSupport.exec("openssl", "ecparam", "-genkey", "-name", "prime256v1", "-noout",
                "-out", pem.toString()).exitCode()).isZero();
        assertThat(ToolTestSupport.exec("openssl", "ec", "-in", pem.toString(), "-pubout", "-outform", "der",
                "-out", pub.toString()).exitCode()).isZero();
        Path app = randomFile(dir, "app.bin", 100, 1);
        Path out = dir.resolve("fw.zip");
        Run r = cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1", "--part", "app=" + app,
                "--sign-key", pem.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String key = Base64.getEncoder().encodeToString(Files.readAllBytes(pub));
        assertThat(cli("bundle", "inspect", out.toString(), "--key", key).out())
                .contains("  sig0: verified with key 0\n");
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        Path app = randomFile(dir, "app.bin", 100, 1);
        Path notAKey = Files.writeString(dir.resolve("bad.pem"), "hello\n");
        String out = dir.resolve("fw.zip").toString();

        Run missingPart = cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1",
                "--part", "app=" + dir.resolve("nope.bin"), "-o", out);
        Run badKey = cli("bundle", "create", "--name", "a", "--platform", "p", "--version", "1",
                "--part", "app=" + app, "--sign-key", notAKey.toString(), "-o", out);
        Run badPubKey = cli("bundle", "inspect", app.toString(), "--key", "not base64!");
        Run noFile = cli("bundle", "inspect", dir.resolve("nope.zip").toString());
        for (Run r : new Run[] {missingPart, badKey, badPubKey, noFile}) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.startsWith("error: "));
        }
        assertThat(missingPart.err()).contains("part app: file not found", "nope.bin");
        assertThat(badKey.err()).contains("bad sign key file", "bad.pem");
        assertThat(badPubKey.err()).contains("bad --key");
        assertThat(noFile.err()).contains("file not found", "nope.zip");
        assertThat(Path.of(out)).doesNotExist();

        assertThat(cli("bundle", "create", "--name", "a").exitCode()).isEqualTo(2);   // picocli usage error
        assertThat(cli().exitCode()).isEqualTo(2);
    }

    private static String b64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
