package io.camelota.tool;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.camelota.tool.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** bundle create --delta-index and what bundle inspect checks and prints of the indexes. */
class DeltaIndexToolTest {

    @TempDir
    Path dir;

    private Path create(String... extra) throws Exception {
        byte[] app = new byte[3 << 20];
        new Random(1).nextBytes(app);
        byte[] fs = new byte[700_000];
        new Random(2).nextBytes(fs);
        Files.write(dir.resolve("fw.bin"), app);
        Files.write(dir.resolve("fs.img"), fs);
        Path out = dir.resolve("fw.zip");
        List<String> args = new ArrayList<>(List.of("bundle", "create", "--name", "app", "--platform", "ubuntu",
                "--version", "1.1", "--part", "app=" + dir.resolve("fw.bin"), "--part", "fs=" + dir.resolve("fs.img"),
                "-o", out.toString()));
        args.addAll(List.of(extra));
        ToolTestSupport.Run r = cli(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    @Test
    void indexesComeRightAfterTheManifestStoredAndNamedByTheManifest() throws Exception {
        Path zip = create("--delta-index");
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName() + ":" + e.getMethod());
            }
        }
        assertThat(names).containsExactly("app-1.1/manifest.json:0", "app-1.1/fw.bin.cdx:0", "app-1.1/fs.img.cdx:0",
                "app-1.1/fw.bin:0", "app-1.1/fs.img:0");
        // any zip reader still takes it (central directory included)
        try (ZipFile z = new ZipFile(zip.toFile()); InputStream m = z.getInputStream(z.getEntry("app-1.1/manifest.json"))) {
            String manifest = new String(m.readAllBytes());
            assertThat(manifest).contains("\"delta_index\": \"fw.bin.cdx\"", "\"delta_index\": \"fs.img.cdx\"",
                    "\"delta_index_sha256\": \"");
        }
    }

    @Test
    void inspectChecksAndPrintsTheIndexesAlsoAfterSigning() throws Exception {
        Path zip = create("--delta-index");
        ToolTestSupport.Run r = cli("bundle", "inspect", zip.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("fw\\.bin\\.cdx: delta index of fw\\.bin: \\d+ chunks, average \\d+\\.\\d KiB"
                        + " \\(min 16, avg 64, max 256 KiB\\), digest ok")
                .contains("fs.img.cdx: delta index of fs.img:")
                .containsPattern("delta indexes: +\\d+ bytes, 0\\.0\\d\\d % of the bundle; every chunk matches its part")
                .contains("result:          ok");

        // signing rewrites the manifest entry (a longer extra field): the indexes' offsets are relative, still right
        KeyPair k = Keygen.generate();
        Path pem = ToolTestSupport.writePkcs8(dir.resolve("k.pem"), k);
        Path signed = dir.resolve("signed.zip");
        assertThat(cli("bundle", "sign", zip.toString(), "--sign-key", pem.toString(), "-o", signed.toString())
                .exitCode()).isZero();
        ToolTestSupport.Run s = cli("bundle", "inspect", signed.toString(), "--key",
                Base64.getEncoder().encodeToString(k.getPublic().getEncoded()));
        assertThat(s.out()).contains("sig0: verified with key 0", "digest ok", "result:          ok");
    }

    @Test
    void withoutTheOptionThereIsNoIndex() throws Exception {
        Path zip = create();
        ToolTestSupport.Run r = cli("bundle", "inspect", zip.toString());
        assertThat(r.out()).doesNotContain("delta").contains("result:          ok");
    }
}
