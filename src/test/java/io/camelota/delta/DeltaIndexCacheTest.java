package io.camelota.delta;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.boot.BootControl;
import io.camelota.bundle.TestBundles;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The next update finds the running slot's chunks through the index cached at the last install instead of
 * chunking the slot again; a cached index that no longer matches the slot is dropped, never trusted.
 */
class DeltaIndexCacheTest {

    @TempDir
    Path dir;

    @Test
    void theSecondUpdateUsesTheCachedIndexAndAStaleOneIsDropped() throws Exception {
        byte[] v1 = DeltaFixture.random(2 << 20, 31);
        byte[] v2 = DeltaFixture.edited(v1, 20_000, 0, 500_000);
        byte[] v3 = DeltaFixture.edited(v2, 20_000, 0, 1_500_000);
        byte[] zip2 = Files.readAllBytes(DeltaFixture.bundle(dir, "v2.zip", v2, true, "1.1"));
        byte[] zip3 = Files.readAllBytes(DeltaFixture.bundle(dir, "v3.zip", v3, true, "1.2"));
        Path data = dir.resolve("data");
        try (RangeServer s2 = new RangeServer(zip2, RangeServer.Mode.HONOR);
             RangeServer s3 = new RangeServer(zip3, RangeServer.Mode.HONOR)) {
            try (DeltaFixture fx = DeltaFixture.start(data, v1, Map.of())) {
                fx.agent.checkNow(s2.url());
                assertThat(fx.agent.status().state()).as(fx.agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            }
            Path cached = data.resolve("delta-index").resolve(TestBundles.sha256Hex(v2) + ".cdx");
            assertThat(cached).exists();
            // the reboot into v2, and its commit
            try (TestAgent agent = TestAgent.on(data, Map.of("flash.delta", "true")).start()) {
                BootControl boot = agent.context().getRegistry().lookupByNameAndType("otaBootControl", BootControl.class);
                // (commit_timeout 0: the boot sequence commits it by itself)
                await().atMost(Duration.ofSeconds(20)).until(() -> boot.state().committed());

                // slot 1 now runs v2; damage a byte of it that v3 reuses (v3 differs from v2 only near 1.5 MB)
                try (RandomAccessFile f = new RandomAccessFile(agent.slot(1).toFile(), "rw")) {
                    f.seek(100_000);
                    int b = f.read();
                    f.seek(100_000);
                    f.write(b ^ 0xff);
                }
                agent.checkNow(s3.url());
                StatusBoard.Snapshot st = agent.status();
                // the cached index sent the device to that chunk without chunking the slot: the hash check caught it
                assertThat(st.state()).as(st.message()).isEqualTo(UpdateState.ERROR);
                assertThat(st.message()).contains("changed in the active slot while reading it");
                assertThat(cached).doesNotExist();
                assertThat(agent.bootState().activeSlot()).isEqualTo(1);

                // without the cache the slot is chunked: the damaged chunk is simply not found and is fetched
                agent.checkNow(s3.url());
                assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
                byte[] slot0 = java.util.Arrays.copyOf(Files.readAllBytes(agent.slot(0)), v3.length);
                assertThat(slot0).isEqualTo(v3);
                assertThat(data.resolve("delta-index").resolve(TestBundles.sha256Hex(v3) + ".cdx")).exists();
            }
        }
    }
}
