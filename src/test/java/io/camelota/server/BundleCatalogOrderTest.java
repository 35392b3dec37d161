package io.camelota.server;

import java.nio.file.Files;
import java.nio.file.Path;

import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The update server's "newest" uses the device's order: a version without one is never offered. */
class BundleCatalogOrderTest {

    @TempDir
    Path dir;

    private void put(String file, String version) throws Exception {
        Files.write(dir.resolve(file), TestBundles.builder().version(version).buildId("20260101-000000/" + file)
                .part("app", "app", "fw.bin", TestBundles.randomBytes(512, version.hashCode())).build());
    }

    @Test
    void anUnorderableVersionIsNeverTheNewest() throws Exception {
        put("a.zip", "1.10.0");
        put("b.zip", "1.9a");          // the old order ranked letters above every number
        put("c.zip", "v1.9.9");
        put("d.zip", "latest");
        assertThat(new BundleCatalog(dir).newest("ubuntu")).get()
                .extracting(BundleCatalog.Entry::version).isEqualTo("1.10.0");
    }

    @Test
    void semverPrecedenceAndTheDottedFormPickTheNewest() throws Exception {
        put("a.zip", "2.0.0-rc.10");
        put("b.zip", "2.0.0-rc.9");
        put("c.zip", "1.99");
        assertThat(new BundleCatalog(dir).newest("ubuntu")).get()
                .extracting(BundleCatalog.Entry::version).isEqualTo("2.0.0-rc.10");
    }
}
