package io.camelota.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.camelota.app.TestAgent;
import io.camelota.bundle.TestBundles;
import io.camelota.http.NginxServer;
import io.camelota.http.RolloutNginxTest;
import io.camelota.tool.BundleTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet report from a real nginx access log (log_format ota) written by real agents polling a
 * staged rollout, plus one hostile client; the HTML page rendered by headless Chromium, whose
 * screenshot must show the chart's series.
 */
class FleetReportNginxTest {

    @TempDir
    Path tmp;

    private TestAgent agent(String id) throws Exception {
        TestAgent a = TestAgent.on(tmp.resolve("dev-" + id), Map.of("device.id", id));
        a.writeFactoryImage(TestBundles.randomBytes(2000, 1));
        return a.start();
    }

    /** The reboot into the new slot; commit_timeout 0 commits it at once: the device runs 1.1. */
    private static void bootAndCommit(TestAgent a) throws Exception {
        a.reboot();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> a.bootState().committed());
    }

    @Test
    void aReportFromARealNginxLogAndItsPageInChromium() throws Exception {
        try (NginxServer nginx = NginxServer.start(tmp.resolve("nginx"), "add_header X-OTA-Rollout 50 always;")) {
            Files.write(nginx.www().resolve("fw.zip"), TestBundles.builder().platform("ubuntu").version("1.1")
                    .buildId("20261201-000000/fleet").part("app", "app", "fw.bin", TestBundles.randomBytes(200_000, 2))
                    .build());
            String url = nginx.url("/fw.zip");
            String in1 = RolloutNginxTest.deviceWhere("in-a", b -> b < 50, "1.1");
            String in2 = RolloutNginxTest.deviceWhere("in-b", b -> b < 50, "1.1");
            String out1 = RolloutNginxTest.deviceWhere("out-a", b -> b >= 50, "1.1");
            String out2 = RolloutNginxTest.deviceWhere("out-b", b -> b >= 50, "1.1");
            String back = RolloutNginxTest.deviceWhere("back", b -> b < 50, "1.1");
            for (String id : List.of(in1, in2)) {
                try (TestAgent a = agent(id)) {
                    a.checkNow(url);
                    bootAndCommit(a);
                    a.checkNow(url); // now on 1.1: a conditional poll, 304
                    assertThat(a.status().message()).isEqualTo("Not Modified");
                }
            }
            for (String id : List.of(out1, out2)) {
                try (TestAgent a = agent(id)) {
                    a.checkNow(url);
                    a.checkNow(url);
                    assertThat(a.status().message()).startsWith("Deferred by rollout");
                }
            }
            try (TestAgent a = agent(back)) {
                a.checkNow(url);
                // the installed version is rejected (POST /update/revert), the device reboots into 1.0
                assertThat(io.camelota.app.TestHttp.post(a.apiUrl("/update/revert")).body()).isEqualTo("Ok");
                a.reboot();
                a.checkNow(url);
                assertThat(a.status().message()).isEqualTo("Version was rolled back before");
            }
            // a hostile client: HTML and a quote in its device id and version
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-MGOS-Device-ID", "x\"><script>alert(1)</script> <img src=x onerror=alert(2)>")
                    .header("X-MGOS-FW-Version", "ubuntu 6.6<b>&amp;</b> y").header("X-OTA-State", "<i>evil</i>")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

            Path log = nginx.accessLog();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nginx.accessLines().size() < 11 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Path html = tmp.resolve("fleet.html");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = BundleTool.run(new PrintWriter(out), new PrintWriter(err), "fleet", "report", log.toString(),
                    "--html", html.toString());
            assertThat(rc).as(err.toString()).isZero();
            String text = out.toString();

            // 2 run 1.1; 1.0: two deferred, the rolled-back one; 1.1 rejected by one
            assertThat(text).contains("6 devices, 11 polls");
            assertThat(text).containsPattern("(?m)^1\\.0 +3 +0 +2 +0$");
            assertThat(text).containsPattern("(?m)^1\\.1 +2 +1 +0 +0$");
            assertThat(text).containsPattern("(?m)^" + out1 + " 0A1B2C3D4E5F +1\\.0 +deferred +- .* 304$");
            assertThat(text).containsPattern("(?m)^" + back + " 0A1B2C3D4E5F +1\\.0 +committed +1\\.1 .* 304$");
            assertThat(text).containsPattern("(?m)^" + in1 + " 0A1B2C3D4E5F +1\\.1 +committed +- .* 304$");

            String page = Files.readString(html);
            assertThat(page).doesNotContain("<script", "<img", "<b>", "<i>evil", "onerror=alert(2)>");
            assertThat(page).contains("x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;");
            assertThat(page).contains("6.6&lt;b&gt;&amp;amp;&lt;/b&gt;", "&lt;i&gt;evil&lt;/i&gt;");
            assertThat(page).as("self-contained").doesNotContain("href=", "src=\"", "url(", "<link", "@import");

            BufferedImage shot = screenshot(html);
            int older = count(shot, FleetHtml.COLOURS.get(0));
            int newer = count(shot, FleetHtml.COLOURS.get(1));
            int third = count(shot, FleetHtml.COLOURS.get(2));
            // 1.0 (most devices most of the time), 1.1 and the hostile 6.6<b>… each have a band in the plot area
            assertThat(older).as("1.0's band").isGreaterThan(2000);
            assertThat(newer).as("1.1's band").isGreaterThan(500);
            assertThat(third).as("the hostile version's band").isGreaterThan(50);
            // at the end (the right edge) the stack is 3 devices on 1.0, 2 on 1.1, 1 hostile: the full height 6
            double unit = (FleetHtml.BOTTOM - FleetHtml.TOP) / 6.0;
            int x = FleetHtml.RIGHT - 3;
            assertThat(column(shot, x, FleetHtml.COLOURS.get(0))).isCloseTo((int) (3 * unit), org.assertj.core.api.Assertions.within(4));
            assertThat(column(shot, x, FleetHtml.COLOURS.get(1))).isCloseTo((int) (2 * unit), org.assertj.core.api.Assertions.within(4));
            assertThat(column(shot, x, FleetHtml.COLOURS.get(2))).isCloseTo((int) unit, org.assertj.core.api.Assertions.within(4));
        }
    }

    /** Pixels of {@code hex} (within a small tolerance) inside the chart's plot area. */
    private static int count(BufferedImage img, String hex) {
        int n = 0;
        for (int x = FleetHtml.LEFT + 1; x < Math.min(img.getWidth(), FleetHtml.RIGHT); x++) {
            n += column(img, x, hex);
        }
        return n;
    }

    /** Pixels of {@code hex} in column {@code x} of the plot area. */
    private static int column(BufferedImage img, int x, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        int n = 0;
        for (int y = FleetHtml.TOP; y < Math.min(img.getHeight(), FleetHtml.BOTTOM); y++) {
            int p = img.getRGB(x, y);
            if (Math.abs(((p >> 16) & 0xff) - ((want >> 16) & 0xff)) <= 6
                    && Math.abs(((p >> 8) & 0xff) - ((want >> 8) & 0xff)) <= 6
                    && Math.abs((p & 0xff) - (want & 0xff)) <= 6) {
                n++;
            }
        }
        return n;
    }

    private BufferedImage screenshot(Path html) throws Exception {
        String chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (chromium == null) {
            if ("1".equals(System.getenv("OTA_REQUIRE_TOOLS"))) {
                throw new IllegalStateException("chromium is not installed and OTA_REQUIRE_TOOLS=1");
            }
            Assumptions.abort("chromium is not installed (apt-get install chromium)");
        }
        Path png = Path.of(System.getProperty("fleet.screenshot", tmp.resolve("fleet.png").toString()));
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--force-device-scale-factor=1", "--hide-scrollbars",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--screenshot=" + png, "--window-size=1200,800",
                html.toUri().toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile())
                .start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(png).as(Files.readString(tmp.resolve("chromium.log"))).exists();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        return img;
    }
}
