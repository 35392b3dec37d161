package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

class ManifestChecksTest {

    private static Manifest manifest(String platform, String version, String buildId) throws Exception {
        RecordingHandler h = new RecordingHandler();
        h.continueAfterManifest = false;
        byte[] zip = TestBundles.builder().platform(platform).version(version).buildId(buildId)
                .part("app", "app", "fw.bin", new byte[] {1, 2, 3}).build();
        new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(zip), h);
        return h.manifest;
    }

    @Test
    void platformIsComparedExactlyIgnoringCase() throws Exception {
        ManifestChecks.requirePlatform(manifest("ESP32", "1.0", "b"), "esp32");
        for (String device : new String[] {"esp32c3", "esp", "", null}) {
            assertThatThrownBy(() -> ManifestChecks.requirePlatform(manifest("esp32", "1.0", "b"), device))
                    .isInstanceOf(BundleException.class).hasMessage("Wrong platform");
        }
        // the original's prefix quirk let an esp32c3 bundle onto an esp32 device: not here
        assertThatThrownBy(() -> ManifestChecks.requirePlatform(manifest("esp32c3", "1.0", "b"), "esp32"))
                .hasMessage("Wrong platform");
    }

    @Test
    void sameVersionNeedsVersionAndBuildIdExactly() throws Exception {
        Manifest m = manifest("ubuntu", "1.0", "b-1");
        assertThat(ManifestChecks.isSameVersion(m, "1.0", "b-1")).isTrue();
        assertThat(ManifestChecks.isSameVersion(m, "1.0.1", "b-1")).isFalse();
        assertThat(ManifestChecks.isSameVersion(m, "1.0", "b-12")).isFalse();
        assertThat(ManifestChecks.isSameVersion(m, "1.0", null)).isFalse();
    }

    @Test
    void unknownFieldsAreKeptAndPartsKeepTheirOrder() throws Exception {
        String json = "{\"platform\":\"ubuntu\",\"version\":\"2\",\"build_id\":\"x\",\"custom\":{\"a\":1},"
                + "\"parts\":{\"z\":{\"type\":\"fs\",\"src\":\"z.img\",\"size\":3,\"update\":false,\"addr1\":4096,"
                + "\"cs_sha256\":\"" + "ab".repeat(32) + "\"},"
                + "\"a\":{\"type\":\"boot\",\"src\":{\"dir\":\"x\"}}}}";
        RecordingHandler h = new RecordingHandler();
        h.continueAfterManifest = false;
        new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(
                TestBundles.builder().rawManifest(json).build()), h);
        Manifest m = h.manifest;
        assertThat(m.parts().keySet()).containsExactly("z", "a");
        ManifestPart z = m.parts().get("z");
        assertThat(z.json().get("update").asBoolean(true)).isFalse();
        assertThat(z.json().get("addr1").asInt()).isEqualTo(4096);
        assertThat(z.sha1()).isNull();
        assertThat(z.sha256()).isEqualTo("ab".repeat(32));
        assertThat(m.parts().get("a").src()).isNull(); // directory form of src matches no entry
        assertThat(m.partForFile("z.img")).contains(z);
        assertThat(m.partForFile("a")).isEmpty();
        assertThat(m.name()).isNull();
        assertThat(m.buildTimestamp()).isNull();
        assertThat(new String(m.rawBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);
        assertThatThrownBy(() -> m.parts().put("x", z)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPartWithDataButNoDigestIsRefusedAfterTheManifest() throws Exception {
        String json = "{\"platform\":\"ubuntu\",\"version\":\"2\",\"build_id\":\"x\","
                + "\"parts\":{\"nvs\":{\"type\":\"nvs\",\"fill\":255,\"size\":16},"
                + "\"app\":{\"type\":\"app\",\"src\":\"fw.bin\",\"size\":3}}}";
        RecordingHandler h = new RecordingHandler();
        assertThatThrownBy(() -> new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(
                TestBundles.builder().rawManifest(json).file("fw.bin", new byte[] {1, 2, 3}).build()), h))
                .isInstanceOf(BundleException.class).hasMessage("Missing checksum for part app");
        assertThat(h.manifest).as("the handler never saw the manifest, so no slot was opened").isNull();
    }

    @Test
    void eitherDigestIsEnoughAndAFillOnlyPartNeedsNone() throws Exception {
        String json = "{\"platform\":\"ubuntu\",\"version\":\"2\",\"build_id\":\"x\","
                + "\"parts\":{\"nvs\":{\"type\":\"nvs\",\"fill\":255,\"size\":16},"
                + "\"app\":{\"type\":\"app\",\"src\":\"fw.bin\",\"cs_sha1\":\"" + "00".repeat(20) + "\"}}}";
        ManifestChecks.requireDigests(BundleReader.parseManifest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of()));
    }
}
