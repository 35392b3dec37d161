package io.camelota.delta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A delta cut off half-way carries on where its last checkpoint was: verified chunks are not fetched again. */
class DeltaResumeTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenDeltaResumesWithoutFetchingItsVerifiedChunksAgain() throws Exception {
        byte[] v1 = DeltaFixture.random(4 << 20, 21);
        // ten rewritten regions: about 1.5 MB of changed chunks, spread over the image
        byte[] v2 = DeltaFixture.edited(v1, 20_000, 0, 100_000, 500_000, 900_000, 1_300_000, 1_700_000, 2_100_000,
                2_500_000, 2_900_000, 3_300_000, 3_700_000);
        byte[] zip = Files.readAllBytes(DeltaFixture.bundle(dir, "fw.zip", v2, true));
        Path data = dir.resolve("data");
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.HONOR);
             DeltaFixture fx = DeltaFixture.start(data, v1, Map.of("flash.delta_checkpoint_bytes", "131072"))) {
            // first attempt: the connection drops after 900 KB of range data
            server.cutAfter = 900_000;
            fx.agent.checkNow(server.url());
            assertThat(fx.agent.status().state()).isEqualTo(UpdateState.ERROR);
            assertThat(fx.agent.status().message()).startsWith("Download failed");
            assertThat(fx.agent.bootState().activeSlot()).isZero();
            DeltaCheckpoint cp = new DeltaCheckpoint.Store(data.resolve("delta-state.json")).load();
            assertThat(cp).isNotNull();
            assertThat(cp.bytes()).isGreaterThan(300_000);

            long first = server.rangeBytes.get();
            server.cutAfter = -1;
            server.rangeBytes.set(0);
            fx.agent.checkNow(server.url());
            assertThat(fx.agent.status().state()).as(fx.agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
            assertThat(fx.slot(0, v1.length)).isEqualTo(v1);
            long second = server.rangeBytes.get();
            // a fresh delta would fetch every changed chunk (about 1.5 MB); the resume skips what was proven
            ChunkIndex idx = ChunkIndex.of(new java.io.ByteArrayInputStream(v2), CdcParams.DEFAULT);
            long needed = DeltaTestSupport.changedBytes(v1, idx);
            assertThat(needed).isGreaterThan(1_000_000);
            assertThat(second).isLessThan(needed - 300_000);
            assertThat(first).isEqualTo(900_000);
            assertThat(Files.exists(data.resolve("delta-state.json"))).as("checkpoint gone after success").isFalse();
        }
    }
}
