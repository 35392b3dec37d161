package io.camelota.flash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bundles made by the original tool (src/test/resources/mos-bundles/) install as on a Mongoose device. */
class FlashRealBundlesTest {

    private static final String APP_SHA256 = "97177e57bfa8a41101d10da587e2fcfb068c1ec3cbf2222e5b782403397b8d9b";
    private static final String FS_SHA256 = "7af8f54065641c53689b30f06843769bb457aef26ffc70cc339cf0a4e628e4da";

    @TempDir
    Path dir;
    private BundleServer server;
    private AgentFixture fx;

    @BeforeEach
    void server() throws Exception {
        server = new BundleServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        server.close();
    }

    private static byte[] real(String name) throws Exception {
        return Files.readAllBytes(TestBundles.realBundle(name));
    }

    private AgentFixture startWithFsSlots() throws Exception {
        Path data = dir.resolve("data");
        fx = AgentFixture.start(data, Map.of(
                "flash.fs_slot.0.path", data.resolve("fs0.img").toString(),
                "flash.fs_slot.1.path", data.resolve("fs1.img").toString()));
        return fx;
    }

    @Test
    void ubuntuBundleInstallsAppAndFs() throws Exception {
        startWithFsSlots();
        Path fs0 = fx.agent.dataDir().resolve("fs0.img");
        byte[] fs0Content = AgentFixture.pattern(1000, 42);
        Files.write(fs0, fs0Content);

        byte[] zip = real("demo-app-ubuntu-1.2.3.zip");
        fx.agent.checkNow(server.serve("/demo.zip", zip));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).as(st.message()).isEqualTo(UpdateState.SUCCESS);
        assertThat(st.message()).isEqualTo("Update applied, finalizing");
        assertThat(st.bytesReceived()).isEqualTo(zip.length);

        Path slot1 = fx.agent.slot(1);
        assertThat(Files.size(slot1)).isEqualTo(300_000);
        assertThat(SlotWriter.sha256(slot1, 300_000)).isEqualTo(APP_SHA256);
        Path fs1 = fx.agent.dataDir().resolve("fs1.img");
        assertThat(Files.size(fs1)).isEqualTo(65_536);
        assertThat(SlotWriter.sha256(fs1, 65_536)).isEqualTo(FS_SHA256);
        // the running side's slots are not touched
        assertThat(Files.readAllBytes(fs0)).isEqualTo(fs0Content);
        assertThat(Files.readAllBytes(fx.agent.slot(0))).isEqualTo(fx.factoryImage);
        // the fill-only nvs part (no src) is not written anywhere
        try (var files = Files.list(fx.agent.dataDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.contains("nvs"));
        }

        BootState boot = fx.agent.bootState();
        assertThat(boot.activeSlot()).isEqualTo(1);
        assertThat(boot.revertSlot()).isZero();
        assertThat(boot.committed()).isFalse();
        assertThat(boot.activeContent().name()).isEqualTo("demo-app");
        assertThat(boot.activeContent().version()).isEqualTo("1.2.3");
        assertThat(boot.activeContent().buildId()).isEqualTo("20261120-100000/g1a2b3c4-master");
        assertThat(boot.activeContent().sha256()).isEqualTo(APP_SHA256);
    }

    @Test
    void ubuntuBundleWithoutFsSlotsInstallsTheAppOnly() throws Exception {
        fx = AgentFixture.start(dir.resolve("data"), Map.of());
        fx.agent.checkNow(server.serve("/demo.zip", real("demo-app-ubuntu-1.2.3.zip")));

        assertThat(fx.agent.status().message()).isEqualTo("Update applied, finalizing");
        assertThat(SlotWriter.sha256(fx.agent.slot(1), 300_000)).isEqualTo(APP_SHA256);
        assertThat(Files.size(fx.agent.slot(1))).isEqualTo(300_000);
        assertThat(fx.agent.bootState().activeSlot()).isEqualTo(1);
    }

    @Test
    void esp32BundleIsRefusedOnAnUbuntuDevice() throws Exception {
        startWithFsSlots();
        AgentFixture.Untouched before = fx.snapshot();
        fx.agent.checkNow(server.serve("/esp32.zip", real("demo-app-esp32-1.2.3.zip")));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).isEqualTo(UpdateState.ERROR);
        assertThat(st.message()).isEqualTo("Wrong platform");
        assertThat(st.result()).isEqualTo(-1);
        fx.assertUntouched(before);
        assertThat(fx.agent.slot(1)).doesNotExist();
        assertThat(fx.agent.dataDir().resolve("fs1.img")).doesNotExist();
    }
}
