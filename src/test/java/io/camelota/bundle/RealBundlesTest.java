package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** Interop vectors made by the original Mongoose build tooling (src/test/resources/mos-bundles). */
class RealBundlesTest {

    private static final String APP_SHA256 = "97177e57bfa8a41101d10da587e2fcfb068c1ec3cbf2222e5b782403397b8d9b";
    private static final String FS_SHA256 = "7af8f54065641c53689b30f06843769bb457aef26ffc70cc339cf0a4e628e4da";

    private static RecordingHandler read(String file) throws Exception {
        RecordingHandler h = new RecordingHandler();
        try (InputStream in = Files.newInputStream(TestBundles.realBundle(file))) {
            new BundleReader(BundleLimits.defaults()).read(in, h);
        }
        return h;
    }

    @Test
    void ubuntuBundleIsReadLikeADeviceWould() throws Exception {
        RecordingHandler h = read("demo-app-ubuntu-1.2.3.zip");
        Manifest m = h.manifest;
        assertThat(m.name()).isEqualTo("demo-app");
        assertThat(m.platform()).isEqualTo("ubuntu");
        assertThat(m.version()).isEqualTo("1.2.3");
        assertThat(m.buildId()).isEqualTo("20261120-100000/g1a2b3c4-master");
        assertThat(m.buildTimestamp()).isEqualTo("2026-11-20T10:00:00");
        assertThat(m.parts().keySet()).containsExactly("app", "fs", "nvs");
        assertThat(m.rawBytes()).hasSize(753);
        assertThat(m.extraAttributes()).isEmpty();

        ManifestPart nvs = m.parts().get("nvs");
        assertThat(nvs.src()).isNull();
        assertThat(nvs.size()).isEqualTo(16384L);
        assertThat(nvs.json().get("fill").asInt()).isEqualTo(255);
        assertThat(m.parts().get("fs").json().get("fs_size").asLong()).isEqualTo(65536L);
        assertThat(m.partForFile("demo-app.bin")).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("app");
            assertThat(p.type()).isEqualTo("app");
            assertThat(p.sha1()).isEqualTo("7049eed59f5f58acc76bbaa7825589e0bc375366");
        });

        assertThat(h.events).containsExactly("manifest", "start demo-app.bin", "end demo-app.bin",
                "start fs.img", "end fs.img");
        assertThat(h.sha256).containsEntry("demo-app.bin", APP_SHA256).containsEntry("fs.img", FS_SHA256);
        assertThat(h.sizes).containsEntry("demo-app.bin", 300_000L).containsEntry("fs.img", 65_536L);
        assertThat(h.delivered).containsEntry("demo-app.bin", 300_000L).containsEntry("fs.img", 65_536L);
        ManifestChecks.requirePlatform(m, "ubuntu");
        assertThat(ManifestChecks.isSameVersion(m, "1.2.3", "20261120-100000/g1a2b3c4-master")).isTrue();
    }

    @Test
    void esp32BundleIsRefusedOnAnUbuntuDevice() throws Exception {
        RecordingHandler h = read("demo-app-esp32-1.2.3.zip");
        assertThat(h.manifest.platform()).isEqualTo("esp32");
        assertThat(h.sha256).containsEntry("demo-app.bin", APP_SHA256).containsEntry("fs.img", FS_SHA256);
        assertThatThrownBy(() -> ManifestChecks.requirePlatform(h.manifest, "ubuntu"))
                .isInstanceOf(BundleException.class).hasMessage("Wrong platform");
    }
}
