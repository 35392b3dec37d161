package io.camelota.delta;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The line the log and the status show after a delta. */
class DeltaOutcomeTest {

    @Test
    void saysWhatCameFromTheNetworkAndWhatWasReused() {
        assertThat(new DeltaRun.Outcome(1_468_006, 32_191_283).message())
                .isEqualTo("delta: 1.4 MiB fetched, 30.7 MiB reused");
        assertThat(new DeltaRun.Outcome(0, 0).message()).isEqualTo("delta: 0.0 MiB fetched, 0.0 MiB reused");
    }
}
