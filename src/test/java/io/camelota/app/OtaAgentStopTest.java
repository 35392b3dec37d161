package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.device.Reboot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop is final: neither an in-process restart under way nor one requested after it brings the agent back. */
class OtaAgentStopTest {

    @TempDir
    Path tmp;

    @Test
    void aStopBetweenTwoBootsOfARestartEndsTheAgent() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("boot.reboot_mode", "restart")).start()) {
            OtaAgent a = agent.agent();
            CountDownLatch hookRan = new CountDownLatch(1);
            // the instant the old code lost a stop: the first boot is gone, the next not yet created
            a.betweenBoots(() -> {
                a.shutdown(0);
                hookRan.countDown();
            });
            a.shutdown(Reboot.RESTART);
            assertThat(hookRan.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(a.stop()).as("the agent thread ended").isTrue();
            assertThat(a.boots()).as("no second boot").isEqualTo(1);
            assertThat(a.exitCode()).isZero();
        }
    }

    @Test
    void aRestartRequestedAfterAStopIsIgnored() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("boot.reboot_mode", "restart")).start()) {
            OtaAgent a = agent.agent();
            a.shutdown(0);
            // e.g. the reboot thread of an install that finished while the agent was being stopped
            a.shutdown(Reboot.RESTART);
            assertThat(a.stop()).isTrue();
            assertThat(a.boots()).isEqualTo(1);
            assertThat(a.exitCode()).isZero();
        }
    }
}
