package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper others reuse must emit real zips: the JDK's readers (central directory and streaming) agree. */
class TestBundlesTest {

    @Test
    void storedBundleIsAValidZipInTheMongooseLayout(@TempDir Path dir) throws Exception {
        byte[] zip = BundleReaderTest.twoParts().signatureAttrs(Map.of("sig0", "x")).build();
        Path file = dir.resolve("fw.zip");
        Files.write(file, zip);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName))
                    .containsExactly("myapp-1.1/manifest.json", "myapp-1.1/fw.bin", "myapp-1.1/fs.img");
            ZipEntry app = z.getEntry("myapp-1.1/fw.bin");
            assertThat(app.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(z.getInputStream(app).readAllBytes()).isEqualTo(BundleReaderTest.APP);
        }
    }

    @Test
    void dataDescriptorBundleIsReadableByZipInputStream() throws Exception {
        byte[] zip = BundleReaderTest.twoParts().dataDescriptor(true).build();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            assertThat(z.getNextEntry().getName()).isEqualTo("myapp-1.1/manifest.json");
            assertThat(z.getNextEntry().getName()).isEqualTo("myapp-1.1/fw.bin");
            assertThat(z.readAllBytes()).isEqualTo(BundleReaderTest.APP);
            assertThat(z.getNextEntry().getName()).isEqualTo("myapp-1.1/fs.img");
            assertThat(z.getNextEntry()).isNull();
        }
    }

    @Test
    void manifestCarriesSizesAndDigests() throws Exception {
        String json = new String(BundleReaderTest.twoParts().manifestBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"cs_sha256\" : \"" + TestBundles.sha256Hex(BundleReaderTest.APP) + "\"")
                .contains("\"cs_sha1\" : \"" + TestBundles.sha1Hex(BundleReaderTest.APP) + "\"")
                .contains("\"size\" : 300000");
    }
}
