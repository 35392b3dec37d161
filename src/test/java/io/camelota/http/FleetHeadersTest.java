package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.boot.BootControl;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every poll reports X-OTA-State, and X-OTA-Rejected-Version while the device has rolled one back. */
class FleetHeadersTest {

    @TempDir
    Path tmp;

    @Test
    void aPollCarriesTheStateAndAfterARollbackTheRejectedVersion() throws Exception {
        byte[] bundle = TestBundles.builder().version("1.1").buildId("20261201-000000/fleet")
                .part("app", "app", "app.bin", TestBundles.randomBytes(40_000, 3)).build();
        try (MisbehavingServer server = new MisbehavingServer(bundle, "\"f\"");
             TestAgent a = TestAgent.on(tmp.resolve("data"), Map.of("device.id", "fleet-1")).start()) {
            a.checkNow(server.url());
            assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
            MisbehavingServer.Request first = server.requests().get(0);
            assertThat(first.header("X-OTA-State")).isEqualTo("committed");
            assertThat(first.header("X-OTA-Rejected-Version")).isNull();

            // the installed version is rejected (POST /update/revert) and the device reboots into 1.0
            assertThat(io.camelota.app.TestHttp.post(a.apiUrl("/update/revert")).body()).isEqualTo("Ok");
            a.reboot();
            a.checkNow(server.url());
            a.checkNow(server.url());

            for (MisbehavingServer.Request r : server.requests().subList(1, 3)) {
                assertThat(r.header("X-OTA-Rejected-Version")).isEqualTo("1.1");
                assertThat(r.header("X-OTA-State")).isEqualTo("committed");
                assertThat(r.header("X-MGOS-Device-ID")).isEqualTo("fleet-1 0A1B2C3D4E5F");
            }
        }
    }

    @Test
    void theStatesOfAnUncommittedInstall() throws Exception {
        byte[] bundle = TestBundles.builder().version("1.2").buildId("20261201-000000/fleet2")
                .part("app", "app", "app.bin", TestBundles.randomBytes(40_000, 4)).build();
        try (MisbehavingServer server = new MisbehavingServer(bundle, "\"g\"");
             TestAgent a = TestAgent.on(tmp.resolve("data"), Map.of("boot.attempts", "3")).start()) {
            BootControl boot = a.context().getRegistry().lookupByNameAndType("otaBootControl", BootControl.class);
            RolloutDeferrals deferrals = new RolloutDeferrals(tmp.resolve("deferrals.json"));
            boolean[] waiting = {false};
            FleetState fleet = new FleetState(boot, deferrals, () -> waiting[0], 3);
            assertThat(fleet.state(server.url())).isEqualTo("committed");
            deferrals.defer(server.url(), new HttpValidators.Validators("\"g\"", null, "1.2", "20261201-000000/fleet2"));
            assertThat(fleet.state(server.url())).isEqualTo("deferred");
            assertThat(fleet.state("http://127.0.0.1:1/other.zip")).as("deferred per URL").isEqualTo("committed");
            deferrals.clear(server.url());

            a.checkNow(server.url());
            assertThat(fleet.state(server.url())).isEqualTo("installed");
            waiting[0] = true;
            assertThat(fleet.state(server.url())).isEqualTo("installed-waiting");
            waiting[0] = false;
            assertThat(boot.boot()).isEqualTo(BootControl.BootOutcome.TRIAL);
            assertThat(fleet.state(server.url())).isEqualTo("trial 1/3");
            assertThat(fleet.rejectedVersion()).isEmpty();
        }
    }
}
