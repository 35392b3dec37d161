package io.camelota.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example route of docs/flash-component.md, loaded from the very file the page shows, in a host's
 * CamelContext with the agent enabled: the original tool's ubuntu bundle dropped into the folder lands in
 * the inactive slot, the esp32 one is refused and moved aside, the active slot stays as it was.
 */
class FlashDocExampleTest {

    static final Path EXAMPLE = Path.of("docs", "examples", "flash-from-folder.yaml");
    private static final String APP_SHA256 = "97177e57bfa8a41101d10da587e2fcfb068c1ec3cbf2222e5b782403397b8d9b";

    @TempDir
    Path tmp;

    private CamelContext ctx;

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    @Test
    void thePageShowsTheRouteThisTestRuns() throws Exception {
        String page = Files.readString(Path.of("docs", "flash-component.md"));
        String route = Files.readString(EXAMPLE);
        assertThat(page).contains(route.substring(route.indexOf("- route:")).strip());
    }

    @Test
    void theExampleInstallsADroppedBundleAndRefusesAForeignOne() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path slot0 = tmp.resolve("slot0.img");
        Path slot1 = tmp.resolve("slot1.img");
        byte[] factory = new byte[4096];
        java.util.Arrays.fill(factory, (byte) 7);
        Files.write(slot0, factory);
        ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(Map.of("ota.enabled", "true", "ota.http.mode", "off", "boot.reboot_mode", "none",
                "ota.data_dir", tmp.resolve("ota").toString(), "device.mac", "0A1B2C3D4E5F",
                "flash.slot.0.path", slot0.toString(), "flash.slot.1.path", slot1.toString(),
                "flash.fs_slot.0.path", tmp.resolve("fs0.img").toString(),
                "flash.fs_slot.1.path", tmp.resolve("fs1.img").toString(),
                "flash.slot_size", Long.toString(1L << 20)));
        p.put("inbox.dir", inbox.toString());
        ctx.getPropertiesComponent().setInitialProperties(p);
        PluginHelper.getRoutesLoader(ctx).loadRoutes(
                PluginHelper.getResourceLoader(ctx).resolveResource("file:" + EXAMPLE));
        ctx.start();

        // dropped whole (copied under another name, then renamed), as a careful writer does
        for (String name : new String[] {"demo-app-esp32-1.2.3.zip", "demo-app-ubuntu-1.2.3.zip"}) {
            Path part = inbox.resolve(name + ".part");
            Files.copy(TestBundles.realBundle(name), part);
            Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }

        // the folder's listing order decides which comes first: the esp32 bundle is refused either as the wrong
        // platform or, after the ubuntu one installed, because that install is not committed yet
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("done/demo-app-ubuntu-1.2.3.zip"))
                && Files.exists(inbox.resolve("failed/demo-app-esp32-1.2.3.zip")));
        assertThat(SlotWriter.sha256(slot1, 300_000)).isEqualTo(APP_SHA256);
        assertThat(Files.readAllBytes(slot0)).as("the active slot is untouched").isEqualTo(factory);
    }
}
