package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bucket against vectors computed with the shell recipe in docs/rollouts.md, and header parsing. */
class RolloutTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // printf '%s' 'dev-1 0A1B2C3D4E5F 1.1' | sha256sum -> f03c... ; 0xf03c = 61500; 61500 mod 100 = 0
        "dev-1 0A1B2C3D4E5F       | 1.1   | 0",
        // c6a2... ; 0xc6a2 = 50850 -> 50
        "sensor-0042 0A1B2C3D4E5F | 2.0.1 | 50",
    })
    void bucketIsTheFirstTwoHashBytesModHundred(String device, String version, int bucket) {
        assertThat(Rollout.bucket(device, version)).isEqualTo(bucket);
    }

    @Test
    void aDeviceGetsADifferentBucketForEachVersion() {
        long distinct = java.util.stream.IntStream.range(0, 20)
                .map(i -> Rollout.bucket("dev-1 0A1B2C3D4E5F", "1." + i)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "30    | 30", "' 30 ' | 30", "0 | 0", "100 | 100", "007 | 7",
        // malformed: paused, never a full release
        "101 | 0", "-1 | 0", "30% | 0", "abc | 0", "'' | 0", "3.5 | 0", "1000 | 0",
    })
    void percentParsing(String header, int percent) {
        assertThat(Rollout.percent(header)).isEqualTo(percent);
    }

    @Test
    void noHeaderIsEveryone() {
        assertThat(Rollout.percent(null)).isEqualTo(100);
        assertThat(Rollout.decide("x 0A1B2C3D4E5F", "1.0", null).defer()).isFalse();
    }

    @Test
    void objectStoreMetadataCountsAsTheHeaderWhichWins() {
        java.util.Map<String, String> s3 = java.util.Map.of("x-amz-meta-ota-rollout", "20");
        assertThat(Rollout.headerValue(s3::get)).isEqualTo("20");
        java.util.Map<String, String> gcs = java.util.Map.of("x-goog-meta-ota-rollout", "5");
        assertThat(Rollout.headerValue(gcs::get)).isEqualTo("5");
        java.util.Map<String, String> both = java.util.Map.of("X-OTA-Rollout", "40", "x-amz-meta-ota-rollout", "20");
        assertThat(Rollout.headerValue(both::get)).isEqualTo("40");
        assertThat(Rollout.headerValue(java.util.Map.<String, String>of()::get)).isNull();
    }

    @Test
    void theStatusLine() {
        RolloutDecision d = new RolloutDecision(57, 30);
        assertThat(d.defer()).isTrue();
        assertThat(d.message()).isEqualTo("Deferred by rollout: bucket 57 \u2265 30 %");
        assertThat(new RolloutDecision(29, 30).defer()).isFalse();
        assertThat(new RolloutDecision(30, 30).defer()).isTrue();
    }
}
