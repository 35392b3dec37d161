package io.camelota.tool;

import static io.camelota.tool.ToolTestSupport.localEntries;
import static io.camelota.tool.ToolTestSupport.randomFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.camelota.bundle.ExtraField;
import io.camelota.tool.ToolTestSupport.Local;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

    @TempDir
    Path dir;
    Path app;
    Path fs;
    BundleSpec spec;

    @BeforeEach
    void parts() throws Exception {
        app = randomFile(dir, "myapp.bin", 300_000, 1);
        fs = randomFile(dir, "fs.img", 65_536, 2);
        spec = new BundleSpec("myapp", "esp32", "1.0.3", "20210412-101530/g1a2b3c4-master",
                "2021-04-12T10:15:30Z", List.of(
                        new BundleSpec.PartSpec("app", null, app, Map.of("ptn", "app_0")),
                        new BundleSpec.PartSpec("fs", "fs", fs, Map.of("fs_size", 65536)),
                        new BundleSpec.PartSpec("nvs", null, null, Map.of("size", 16384, "fill", 255))));
    }

    @Test
    void unzipListsManifestFirstUnderTheTopFolder() throws Exception {
        assumeTrue(ToolTestSupport.installed("unzip"), "unzip not installed");
        Path out = dir.resolve("fw.zip");
        BundleWriter.create(spec, List.of(), out);

        ToolTestSupport.Run r = ToolTestSupport.exec("unzip", "-l", out.toString());
        assertThat(r.exitCode()).isZero();
        List<String> names = r.out().lines().filter(l -> l.contains("myapp-1.0.3/"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertThat(names).containsExactly("myapp-1.0.3/manifest.json", "myapp-1.0.3/myapp.bin", "myapp-1.0.3/fs.img");
        assertThat(ToolTestSupport.exec("unzip", "-tq", out.toString()).exitCode()).isZero();
    }

    @Test
    void pythonZipfileReadsItAndTestzipPasses() throws Exception {
        assumeTrue(ToolTestSupport.installed("python3"), "python3 not installed");
        Path out = dir.resolve("fw.zip");
        BundleWriter.create(spec, List.of(ecPair().getPrivate()), out);
        ToolTestSupport.Run r = ToolTestSupport.exec("python3", "-c",
                "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.namelist()); print(z.testzip())",
                out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("['myapp-1.0.3/manifest.json', 'myapp-1.0.3/myapp.bin', 'myapp-1.0.3/fs.img']"
                + "\nNone\n");
    }

    @Test
    void localHeadersAreStoredWithCrcAndSizesAndNoDataDescriptor() throws Exception {
        Path out = dir.resolve("fw.zip");
        BundleWriter.create(spec, List.of(), out);

        List<Local> entries = localEntries(out);
        assertThat(entries).extracting(Local::name)
                .containsExactly("myapp-1.0.3/manifest.json", "myapp-1.0.3/myapp.bin", "myapp-1.0.3/fs.img");
        for (Local e : entries) {
            CRC32 crc = new CRC32();
            crc.update(e.data());
            assertThat(e.method()).isZero();
            assertThat(e.flags() & 8).as("data descriptor flag").isZero();
            assertThat(e.crc()).isNotZero().isEqualTo(crc.getValue());
            assertThat(e.size()).isNotZero().isEqualTo(e.compressedSize()).isEqualTo(e.data().length);
            assertThat(e.extra()).as("unsigned bundle: no extra field").isEmpty();
        }
        assertThat(entries.get(1).data()).isEqualTo(Files.readAllBytes(app));
        assertThat(entries.get(2).data()).isEqualTo(Files.readAllBytes(fs));
        // the central directory agrees (java.util.zip reads it)
        try (ZipFile z = new ZipFile(out.toFile())) {
            assertThat(z.size()).isEqualTo(3);
            assertThat(z.getEntry("myapp-1.0.3/myapp.bin").getCrc()).isEqualTo(entries.get(1).crc());
        }
    }

    @Test
    void manifestCarriesFieldsSizesAndDigestsOfTheFiles() throws Exception {
        Path out = dir.resolve("fw.zip");
        BundleWriter.create(spec, List.of(), out);

        byte[] manifestBytes = localEntries(out).get(0).data();
        String text = new String(manifestBytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\n  \"name\": \"myapp\",\n  \"platform\": \"esp32\",");
        Map<String, Object> m = Json.parseObject(manifestBytes);
        assertThat(m).containsEntry("version", "1.0.3").containsEntry("build_id", "20210412-101530/g1a2b3c4-master")
                .containsEntry("build_timestamp", "2021-04-12T10:15:30Z");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parts = (Map<String, Map<String, Object>>) m.get("parts");
        assertThat(parts.keySet()).containsExactly("app", "fs", "nvs");
        assertPart(parts.get("app"), app);
        assertThat(parts.get("app")).containsEntry("type", "app").containsEntry("ptn", "app_0");
        assertPart(parts.get("fs"), fs);
        assertThat(parts.get("nvs")).containsOnlyKeys("type", "size", "fill").containsEntry("size", 16384);
    }

    private static void assertPart(Map<String, Object> part, Path file) throws Exception {
        byte[] data = Files.readAllBytes(file);
        assertThat(part).containsEntry("src", file.getFileName().toString())
                .containsEntry("size", data.length)
                .containsEntry("cs_sha1", hex("SHA-1", data))
                .containsEntry("cs_sha256", hex("SHA-256", data));
    }

    @Test
    void emptyKeySlotKeepsItsIndexAndSignaturesVerify() throws Exception {
        KeyPair k0 = ecPair();
        KeyPair k2 = ecPair();
        Path out = dir.resolve("fw.zip");
        BundleSpec withExtra = new BundleSpec(spec.name(), spec.platform(), spec.version(), spec.buildId(),
                spec.buildTimestamp(), spec.parts(), Map.of(), Map.of("note", "x"));
        BundleWriter.create(withExtra, Arrays.asList(k0.getPrivate(), null, k2.getPrivate()), out);

        Local manifest = localEntries(out).get(0);
        assertThat(manifest.extra()[0]).isEqualTo((byte) 0x3A);
        assertThat(manifest.extra()[1]).isEqualTo((byte) 0x29);
        assertThat((manifest.extra()[2] & 0xFF) | (manifest.extra()[3] & 0xFF) << 8)
                .isEqualTo(manifest.extra().length - 4);
        Map<String, String> sigs = ExtraField.attributeText(manifest.extra());
        assertThat(sigs.keySet()).containsExactly("sig0", "sig2", "note");
        assertThat(ToolTestSupport.verifies(k0.getPublic(), sigs.get("sig0"), manifest.data())).isTrue();
        assertThat(ToolTestSupport.verifies(k2.getPublic(), sigs.get("sig2"), manifest.data())).isTrue();
        assertThat(ToolTestSupport.verifies(k2.getPublic(), sigs.get("sig0"), manifest.data())).isFalse();
        // the central record carries the same extra field as the local header
        try (ZipFile z = new ZipFile(out.toFile())) {
            assertThat(z.getEntry("myapp-1.0.3/manifest.json").getExtra()).isEqualTo(manifest.extra());
        }
    }

    @Test
    void signKeepsManifestBytesAndOtherSlots() throws Exception {
        KeyPair k0 = ecPair();
        KeyPair k1 = ecPair();
        Path unsigned = dir.resolve("fw.zip");
        Path signed = dir.resolve("signed.zip");
        BundleWriter.create(spec, List.of(k0.getPrivate()), unsigned);
        BundleWriter.sign(unsigned, Arrays.asList(null, k1.getPrivate()), signed);

        List<Local> before = localEntries(unsigned);
        List<Local> after = localEntries(signed);
        assertThat(after).extracting(Local::name).containsExactlyElementsOf(before.stream().map(Local::name).toList());
        assertThat(after.get(0).data()).isEqualTo(before.get(0).data());
        assertThat(after.get(1).data()).isEqualTo(before.get(1).data());
        assertThat(after.get(2).data()).isEqualTo(before.get(2).data());
        Map<String, String> sigs = ExtraField.attributeText(after.get(0).extra());
        assertThat(sigs).containsOnlyKeys("sig0", "sig1");
        assertThat(sigs.get("sig0")).isEqualTo(ExtraField.attributeText(before.get(0).extra()).get("sig0"));
        assertThat(ToolTestSupport.verifies(k1.getPublic(), sigs.get("sig1"), after.get(0).data())).isTrue();

        // signing in place works too (the writer goes through a temporary file)
        BundleWriter.sign(signed, List.of(k1.getPrivate()), signed);
        assertThat(localEntries(signed).get(0).data()).isEqualTo(before.get(0).data());
        try (ZipFile z = new ZipFile(signed.toFile())) {
            ZipEntry e = z.getEntry("myapp-1.0.3/fs.img");
            assertThat(z.getInputStream(e).readAllBytes()).isEqualTo(Files.readAllBytes(fs));
        }
    }

    @Test
    void sec1KeyFromPemFilesSigns() throws Exception {
        KeyPair pair = ecPair();
        Path pem = ToolTestSupport.writeSec1(dir.resolve("sec1.pem"), pair);
        assertThat(Files.readString(pem)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        PrivateKey key = io.camelota.pem.PemFiles.readPrivateKey(pem);
        Path out = dir.resolve("fw.zip");
        BundleWriter.create(spec, List.of(key), out);
        Local manifest = localEntries(out).get(0);
        String sig0 = ExtraField.attributeText(manifest.extra()).get("sig0");
        assertThat(ToolTestSupport.verifies(pair.getPublic(), sig0, manifest.data())).isTrue();
    }

    @Test
    void rejectsMissingFileNonEcKeyAndLongNames() throws Exception {
        Path out = dir.resolve("fw.zip");
        BundleSpec missing = new BundleSpec("a", "p", "1", "b", "t",
                List.of(new BundleSpec.PartSpec("app", null, dir.resolve("nope.bin"), null)));
        assertThatThrownBy(() -> BundleWriter.create(missing, List.of(), out))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("part app");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> BundleWriter.create(spec, List.of(rsa.generateKeyPair().getPrivate()), out))
                .hasMessageContaining("EC P-256");

        Path longName = randomFile(dir, "x".repeat(50) + ".bin", 10, 3);
        BundleSpec tooLong = new BundleSpec("a", "p", "1", "b", "t",
                List.of(new BundleSpec.PartSpec("app", null, longName, new LinkedHashMap<>())));
        assertThatThrownBy(() -> BundleWriter.create(tooLong, List.of(), out)).hasMessageContaining("too long");
        assertThat(out).doesNotExist();
    }

    static KeyPair ecPair() throws Exception {
        return Keygen.generate();
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(data));
    }
}
