package io.camelota.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update-server route and the files it serves: bodies streamed from the file (a bundle larger
 * than any byte[] is served), links that resolve outside ota.server.dir refused (a real symlink),
 * the version header split on any whitespace.
 */
class UpdateServerFilesTest {

    private static final String FW = "X-MGOS-FW-Version";
    /** Beyond Integer.MAX_VALUE: no byte[] can hold it, so only a streamed body can serve it. */
    private static final long HUGE = (3L << 30) + 12345;

    @TempDir
    static Path tmp;
    static Path bundles;
    static Path huge;
    static byte[] ubuntu;
    static byte[] secret;
    static byte[] hugeHead;
    static TestAgent agent;

    @BeforeAll
    static void start() throws Exception {
        bundles = Files.createDirectories(tmp.resolve("bundles"));
        ubuntu = bundle("ubuntu", "1.10", "20261001-000000/b110");
        Files.write(bundles.resolve("app-1.10.zip"), ubuntu);
        // the newest ubuntu bundle on the disk, but outside the folder: only a link leads there
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        secret = bundle("ubuntu", "9.9", "20261201-000000/secret");
        Files.write(outside.resolve("secret.zip"), secret);
        Files.createSymbolicLink(bundles.resolve("evil.zip"), outside.resolve("secret.zip"));
        Files.createSymbolicLink(bundles.resolve("up.zip"), Path.of("..", "outside", "secret.zip"));
        // a valid bundle head, then a sparse tail: 3 GiB on the wire, a few KiB on the disk
        hugeHead = bundle("esp32", "2.0", "20261201-000000/huge");
        huge = bundles.resolve("huge-esp32.zip");
        Files.write(huge, hugeHead);
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(HUGE);
        }
        agent = TestAgent.on(tmp.resolve("data"), Map.of("ota.server.enabled", "true",
                "ota.server.dir", bundles.toString())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    private static byte[] bundle(String platform, String version, String build) {
        return TestBundles.builder().platform(platform).version(version).buildId(build)
                .part("app", "app", "fw.bin", TestBundles.randomBytes(4096, version.hashCode())).build();
    }

    @Test
    void linksOutOfTheFolderAreNotServed() throws Exception {
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.0 x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(ubuntu);
        assertThat(Files.isSymbolicLink(bundles.resolve("evil.zip"))).isTrue();
    }

    @Test
    void versionHeaderIsSplitOnAnyWhitespace() throws Exception {
        for (String fw : new String[] {"ubuntu  1.10  20261001-000000/b110", "ubuntu\t1.10 \t20261001-000000/b110",
                "  ubuntu 1.10   "}) {
            assertThat(TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, fw).statusCode()).as(fw)
                    .isEqualTo(304);
        }
    }

    @Test
    void aBundleLargerThanAnyArrayIsStreamedFromTheFile() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(agent.apiUrl("/firmware/app.zip")))
                .header(FW, "esp32 1.0 x").timeout(Duration.ofSeconds(60)).build();
        HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(HUGE);
            byte[] head = body.readNBytes(hugeHead.length + 65536);
            assertThat(Arrays.copyOf(head, hugeHead.length)).isEqualTo(hugeHead);
            assertThat(Arrays.copyOfRange(head, hugeHead.length, head.length)).containsOnly((byte) 0);
        }
        // a client that leaves half-way does not keep the file open
        await().atMost(Duration.ofSeconds(30)).until(() -> !openByThisProcess(huge));
    }

    private static boolean openByThisProcess(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return false;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
