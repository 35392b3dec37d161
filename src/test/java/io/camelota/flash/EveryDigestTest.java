package io.camelota.flash;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A part whose cs_sha1 is wrong installed when its cs_sha256 was right: every digest given is checked. */
class EveryDigestTest {

    private static final byte[] APP = AgentFixture.pattern(50_000, 9);

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private BootControl boot;
    private StatusBoard board;
    private SlotLayout slots;

    @BeforeEach
    void setUp() throws Exception {
        boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")),
                new SlotContent("app", "ubuntu", "1.0", "f", null, null));
        boot.boot();
        board = new StatusBoard();
        board.tryBegin("t", "test");
        slots = new SlotLayout(new Path[] {dir.resolve("slot0.img"), dir.resolve("slot1.img")}, null, 1 << 20);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private InstallResult install(String sha1, String sha256) throws Exception {
        TestBundles.Builder b = TestBundles.builder().version("1.1").part("app", "app", "fw.bin", APP);
        b.partAttr("app", "cs_sha1", sha1);
        b.partAttr("app", "cs_sha256", sha256);
        byte[] zip = b.build();
        return new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(boot, board), board, slots, new InstallPolicy("ubuntu", List.of(), -1, true, true), scheduler, 5)
                .install(new InstallRequest(new ByteArrayInputStream(zip), (long) zip.length, true, 0, "t"));
    }

    @Test
    void aWrongSha1BesideARightSha256IsRefused() {
        String wrongSha1 = TestBundles.sha1Hex(new byte[] {1});
        assertThatThrownBy(() -> install(wrongSha1, TestBundles.sha256Hex(APP))).isInstanceOf(UpdateFailure.class)
                .hasMessage("Digest mismatch: fw.bin");
        assertThat(boot.state().activeSlot()).isZero();
        assertThat(boot.isCommitted()).isTrue();
    }

    @Test
    void aWrongSha256BesideARightSha1IsRefused() {
        assertThatThrownBy(() -> install(TestBundles.sha1Hex(APP), TestBundles.sha256Hex(new byte[] {1})))
                .isInstanceOf(UpdateFailure.class).hasMessage("Digest mismatch: fw.bin");
        assertThat(boot.state().activeSlot()).isZero();
    }

    @Test
    void bothRightInstalls() throws Exception {
        assertThat(install(TestBundles.sha1Hex(APP), TestBundles.sha256Hex(APP)).slot()).isEqualTo(1);
    }
}
