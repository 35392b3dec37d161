package io.camelota.boot.env;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.app.TestHttp.Part;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real agent (routes, beans, config keys) with boot.backend=uboot on a file-backed environment. */
class UbootAgentTest {

    @TempDir
    Path dir;

    @Test
    void anUploadSwitchesTheEnvironmentAndTheNextBootCommitsB() throws Exception {
        BootTools.require("fw_setenv", "libubootenv-tool");
        Path config = BootTools.ubootEnv(dir);
        Path cmdline = dir.resolve("cmdline");
        UbootScript uboot = new UbootScript(config, cmdline, "A", "B");
        Map<String, String> props = Map.of("boot.backend", "uboot", "boot.uboot.config", config.toString(),
                "boot.cmdline", cmdline.toString(), "update.commit_timeout", "0");
        byte[] bundle = TestBundles.builder().version("1.1").buildId("b").part("app", "app", "fw.bin",
                TestBundles.randomBytes(50_000, 5)).build();

        assertThat(uboot.boot()).isEqualTo("A");
        try (TestAgent agent = TestAgent.on(dir.resolve("data"), props).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.bootState() != null && agent.bootState().committed());
            HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"), Part.file("file", "fw.zip", bundle));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(new UbootEnv(config).read()).containsEntry("BOOT_ORDER", "B A").containsEntry("BOOT_B_LEFT", "3");
        }

        assertThat(uboot.boot()).isEqualTo("B");
        try (TestAgent agent = TestAgent.on(dir.resolve("data"), props).start()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> agent.bootState().committed() && agent.bootState().activeSlot() == 1);
            assertThat(agent.bootState().activeContent().version()).isEqualTo("1.1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "3".equals(new UbootEnv(config).read().get("BOOT_B_LEFT")));
        }
        assertThat(uboot.boot()).isEqualTo("B");
    }
}
