package io.camelota.flash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import io.camelota.status.UpdateState;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A valid bundle through the whole route (check → install → flash) from a real HTTP server on 127.0.0.1. */
class FlashInstallRouteTest {

    private static final int COMMIT_TIMEOUT = 77;

    @TempDir
    Path dir;
    private AgentFixture fx;
    private BundleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new BundleServer();
        fx = AgentFixture.start(dir.resolve("data"), Map.of("update.commit_timeout", Integer.toString(COMMIT_TIMEOUT)));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        server.close();
    }

    private static byte[] appImage() {
        return AgentFixture.pattern(300_000, 11);
    }

    private static byte[] bundle(byte[] app) {
        return TestBundles.builder().name("app").platform("ubuntu").version("1.1").buildId("20260301-120000/t")
                .part("app", "app", "fw.bin", app).build();
    }

    @Test
    void validBundleInstallsIntoSlot1AndLeavesSlot0Alone() throws Exception {
        byte[] app = appImage();
        byte[] zip = bundle(app);
        fx.agent.checkNow(server.serve("/fw.zip", zip));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(st.message()).isEqualTo("Update applied, finalizing");
        assertThat(st.result()).isEqualTo(1);

        BootState boot = fx.agent.bootState();
        assertThat(boot.activeSlot()).isEqualTo(1);
        assertThat(boot.committed()).isFalse();
        assertThat(boot.revertSlot()).isZero();
        assertThat(boot.commitTimeout()).isEqualTo(COMMIT_TIMEOUT);
        assertThat(boot.started()).isFalse();
        assertThat(boot.activeContent().version()).isEqualTo("1.1");
        assertThat(boot.activeContent().buildId()).isEqualTo("20260301-120000/t");
        assertThat(boot.activeContent().sha256()).isEqualTo(TestBundles.sha256Hex(app));
        assertThat(boot.activeContent().size()).isEqualTo(app.length);

        // the state is on disk, not only in memory
        String onDisk = Files.readString(fx.bootFile());
        assertThat(onDisk).contains("\"active_slot\" : 1").contains("\"is_committed\" : false");

        Path slot1 = fx.agent.slot(1);
        assertThat(Files.size(slot1)).isEqualTo(app.length);
        assertThat(SlotWriter.sha256(slot1, app.length)).isEqualTo(TestBundles.sha256Hex(app));
        assertThat(Files.readAllBytes(fx.agent.slot(0))).isEqualTo(fx.factoryImage);
    }

    @Test
    void progressReaches100AndCountsEveryByte() throws Exception {
        byte[] zip = bundle(appImage());
        fx.agent.checkNow(server.serve("/fw.zip", zip));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.message()).isEqualTo("Update applied, finalizing");
        assertThat(st.progressPercent()).isEqualTo(100);
        assertThat(st.bytesReceived()).isEqualTo(zip.length);
        assertThat(st.bytesTotal()).isEqualTo((long) zip.length);
    }

    @Test
    void chunkedBodyInstallsWithUnknownPercent() throws Exception {
        byte[] app = appImage();
        byte[] zip = bundle(app);
        fx.agent.checkNow(server.serveChunked("/fw.zip", zip));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(st.message()).isEqualTo("Update applied, finalizing");
        assertThat(st.progressPercent()).as("unknown total: null, not 0").isNull();
        assertThat(st.bytesTotal()).isNull();
        assertThat(st.bytesReceived()).isGreaterThan(app.length);
        assertThat(fx.agent.bootState().activeSlot()).isEqualTo(1);
        assertThat(SlotWriter.sha256(fx.agent.slot(1), app.length)).isEqualTo(TestBundles.sha256Hex(app));
    }

    @Test
    void sameVersionAsRunningFirmwareWritesNothing() throws Exception {
        AgentFixture.Untouched before = fx.snapshot();
        byte[] zip = TestBundles.builder().platform("ubuntu").version(AgentFixture.FACTORY_VERSION)
                .buildId(AgentFixture.FACTORY_BUILD).part("app", "app", "fw.bin", appImage()).build();
        fx.agent.checkNow(server.serve("/same.zip", zip));

        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(st.message()).isEqualTo("Version is the same as current");
        assertThat(st.result()).isEqualTo(1);
        assertThat(fx.agent.slot(1)).doesNotExist();
        fx.assertUntouched(before);
    }

    @Test
    void sameVersionButOtherBuildIsInstalled() throws Exception {
        byte[] zip = TestBundles.builder().platform("ubuntu").version(AgentFixture.FACTORY_VERSION)
                .buildId("20261102-000000/other").part("app", "app", "fw.bin", appImage()).build();
        fx.agent.checkNow(server.serve("/rebuild.zip", zip));

        assertThat(fx.agent.status().message()).isEqualTo("Update applied, finalizing");
        assertThat(fx.agent.bootState().activeSlot()).isEqualTo(1);
    }

    @Test
    void secondInstallWhileUncommittedIsRefused() throws Exception {
        byte[] app = appImage();
        fx.agent.checkNow(server.serve("/fw.zip", bundle(app)));
        assertThat(fx.agent.bootState().committed()).isFalse();
        byte[] bootFile = Files.readAllBytes(fx.bootFile());
        byte[] slot1 = Files.readAllBytes(fx.agent.slot(1));

        // the check route skips: no request goes out, the status keeps the last outcome
        int requests = server.requests();
        byte[] other = TestBundles.builder().version("1.2").part("app", "app", "fw.bin", AgentFixture.pattern(5000, 3))
                .build();
        fx.agent.checkNow(server.serve("/fw2.zip", other));
        assertThat(server.requests()).isEqualTo(requests);
        assertThat(fx.agent.status().message()).isEqualTo("Update applied, finalizing");

        // flash: called directly refuses with the protocol's message
        ProducerTemplate template = fx.agent.context().createProducerTemplate();
        assertThatThrownBy(() -> template.sendBody("flash:x", other))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(UpdateFailure.class)
                .hasMessage("Previous update has not been committed yet");
        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).isEqualTo(UpdateState.ERROR);
        assertThat(st.message()).isEqualTo("Previous update has not been committed yet");
        assertThat(Files.readAllBytes(fx.bootFile())).isEqualTo(bootFile);
        assertThat(Files.readAllBytes(fx.agent.slot(1))).isEqualTo(slot1);
        assertThat(fx.agent.bootState().activeSlot()).isEqualTo(1);
        assertThat(fx.agent.status().result()).isEqualTo(-1);
    }
}
