package io.camelota.flash;

import java.nio.file.Path;
import java.util.List;

import io.camelota.boot.BootControl;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotLayout;
import io.camelota.status.DeliberateRefusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The anti-downgrade bypass: with update.allow_downgrade=false a device running 1.10.0 took "1.9a"
 * (ranked above every number), then "v0.1", and refused 2.0.0 afterwards. Each refusal leaves slot 1 unwritten.
 */
class DowngradeOrderTest {

    @TempDir
    Path dir;
    private InstallerDevice device;
    private BootControl boot;
    private SlotLayout slots;

    @BeforeEach
    void setUp() throws Exception {
        device = new InstallerDevice(dir, new SlotContent("app", "ubuntu", "1.10.0", "20261101-000000/factory", null, null));
        boot = device.boot;
        slots = device.slots;
    }

    @AfterEach
    void stop() {
        device.close();
    }

    private InstallResult offer(String version, boolean allowDowngrade) throws Exception {
        byte[] zip = TestBundles.builder().version(version).buildId("20260301-000000/b")
                .part("app", "app", "fw.bin", AgentFixture.pattern(5000, 7)).build();
        return device.install(zip, new InstallPolicy("ubuntu", List.of(), -1, allowDowngrade, true));
    }

    @Test
    void anUnorderableVersionIsRefusedWithItsOwnMessageAndANewerOneStillInstalls() throws Exception {
        assertThatThrownBy(() -> offer("1.9a", false)).isInstanceOf(DeliberateRefusal.class)
                .hasMessage("Version order unknown: 1.9a vs 1.10.0");
        assertThatThrownBy(() -> offer("v0.1", false)).isInstanceOf(DeliberateRefusal.class)
                .hasMessage("Downgrade refused");
        assertThat(slots.appSlot(1)).doesNotExist();
        assertThat(boot.state().activeSlot()).isZero();

        InstallResult r = offer("2.0.0", false);
        assertThat(r).isEqualTo(InstallResult.applied(1, "2.0.0"));
    }

    @Test
    void controlCharactersInTheRefusedVersionAreEscaped() {
        assertThatThrownBy(() -> offer("1.9\u001b[2J\u202e", false)).isInstanceOf(DeliberateRefusal.class)
                .hasMessage("Version order unknown: 1.9\\u001b[2J\\u202e vs 1.10.0");
    }

    @Test
    void withDowngradesAllowedTheOrderIsNotConsulted() throws Exception {
        assertThat(offer("1.9a", true).slot()).isEqualTo(1);
    }
}
