package io.camelota.flash;

import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigestWarmupTest {

    @Test
    void startsOncePerJvmOnADaemonThreadThatEnds() throws Exception {
        Thread first = DigestWarmup.startOnce();
        Thread again = DigestWarmup.startOnce();
        assertThat(again).isSameAs(first);
        assertThat(first.isDaemon()).as("never holds the agent's exit").isTrue();
        first.join(60_000);
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void hashesWhatAnInstallHashes() throws Exception {
        // the SHA-256 of BYTES zero bytes: the warm-up runs the very digest calls an install makes
        assertThat(DigestWarmup.run())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[DigestWarmup.BYTES]));
    }
}
