package io.camelota.flash;

import java.nio.file.Path;
import java.util.List;

import io.camelota.boot.BootControl;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotLayout;
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
    private InstallerDevice device;
    private BootControl boot;
    private SlotLayout slots;

    @BeforeEach
    void setUp() throws Exception {
        device = new InstallerDevice(dir, new SlotContent("app", "ubuntu", "1.0", "f", null, null));
        boot = device.boot;
        slots = device.slots;
    }

    @AfterEach
    void stop() {
        device.close();
    }

    private InstallResult install(String sha1, String sha256) throws Exception {
        TestBundles.Builder b = TestBundles.builder().version("1.1").part("app", "app", "fw.bin", APP);
        b.partAttr("app", "cs_sha1", sha1);
        b.partAttr("app", "cs_sha256", sha256);
        byte[] zip = b.build();
        return device.install(zip, new InstallPolicy("ubuntu", List.of(), -1, true, true));
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
