package io.camelota.delta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelota.boot.BootState;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Delta installs from a real nginx: only the changed chunks cross the wire, the result is the new firmware. */
class DeltaNginxTest {

    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void fetchesOnlyTheChangedChunksAndInstallsTheExactImage() throws Exception {
        byte[] v1 = DeltaFixture.random(SIZE, 1);
        byte[] v2 = DeltaFixture.edited(v1, 100_000, 10_000, 1 << 20);
        Path bundle = DeltaFixture.bundle(dir, "fw.zip", v2, true);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), null);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            Files.copy(bundle, nginx.www.resolve("fw.zip"));
            fx.agent.checkNow(nginx.url("fw.zip"));

            StatusBoard.Snapshot st = fx.agent.status();
            assertThat(st.state()).as(st.message()).isEqualTo(UpdateState.SUCCESS);
            BootState boot = fx.agent.bootState();
            assertThat(boot.activeSlot()).isEqualTo(1);
            assertThat(boot.activeContent().sha256()).isEqualTo(io.camelota.bundle.TestBundles.sha256Hex(v2));
            assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
            assertThat(fx.slot(0, v1.length)).as("active slot only read").isEqualTo(v1);

            long size = Files.size(bundle);
            long wire = nginx.bytesSent();
            // two edits of 100 KB + 10 KB: a few chunks of ~64 KiB around each, far below the 4 MiB bundle
            assertThat(wire).isLessThan(600_000).isLessThan(size / 6);
            assertThat(st.bytesReceived()).isLessThanOrEqualTo(wire).isGreaterThan(150_000);
            List<String> log = nginx.requests();
            // the check asks for the head only (manifest + index), then the changed chunks
            assertThat(log.get(0)).startsWith("206 \"bytes=0-262143\"");
            assertThat(log.subList(1, log.size())).isNotEmpty().allMatch(l -> l.startsWith("206 \"bytes="));
        }
    }

    @Test
    void severalChangesGoAsOneMultiRangeRequest() throws Exception {
        byte[] v1 = DeltaFixture.random(SIZE, 2);
        byte[] v2 = DeltaFixture.edited(v1, 2000, 0, 300_000, 1_500_000, 2_700_000, 3_900_000);
        Path bundle = DeltaFixture.bundle(dir, "fw.zip", v2, true);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), null);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            Files.copy(bundle, nginx.www.resolve("fw.zip"));
            fx.agent.checkNow(nginx.url("fw.zip"));

            assertThat(fx.agent.status().state()).as(fx.agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
            List<String> log = nginx.requests();
            // the head (manifest + index) and one request for four separate ranges
            assertThat(log).hasSize(2);
            assertThat(log.get(1)).startsWith("206 \"bytes=").matches(l -> l.split(",").length == 4);
            assertThat(nginx.bytesSent()).isLessThan(Files.size(bundle) / 4);
        }
    }

    @Test
    void aBundleWithoutIndexStreamsOnPastTheHead() throws Exception {
        byte[] v1 = DeltaFixture.random(SIZE, 4);
        byte[] v2 = DeltaFixture.edited(v1, 50_000, 0, 2 << 20);
        Path bundle = DeltaFixture.bundle(dir, "fw.zip", v2, false);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), null);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            Files.copy(bundle, nginx.www.resolve("fw.zip"));
            fx.agent.checkNow(nginx.url("fw.zip"));

            assertThat(fx.agent.status().state()).as(fx.agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
            // the head, then the rest at once: every byte of the bundle exactly once
            assertThat(nginx.requests()).hasSize(2);
            assertThat(nginx.requests().get(1)).startsWith("206 \"bytes=262144-\"");
            assertThat(fx.agent.status().bytesReceived()).isEqualTo(Files.size(bundle));
        }
    }

    @Test
    void theSameBundleInstallsInFullWithDeltaOff() throws Exception {
        byte[] v1 = DeltaFixture.random(SIZE, 3);
        byte[] v2 = DeltaFixture.edited(v1, 50_000, 0, 2 << 20);
        Path bundle = DeltaFixture.bundle(dir, "fw.zip", v2, true);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), null);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of("flash.delta", "false"))) {
            Files.copy(bundle, nginx.www.resolve("fw.zip"));
            fx.agent.checkNow(nginx.url("fw.zip"));

            assertThat(fx.agent.status().state()).as(fx.agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
            // the index entry is just skipped: one plain GET of the whole bundle, as before delta existed
            assertThat(nginx.requests()).hasSize(1).allMatch(l -> l.startsWith("200 \"-\""));
            assertThat(nginx.bytesSent()).isGreaterThan(Files.size(bundle));
            assertThat(fx.agent.status().bytesReceived()).isEqualTo(Files.size(bundle));
        }
    }
}
