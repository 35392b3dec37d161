package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token is decided from the headers, before a body byte is read. Twenty
 * attackers at once each announce a 100 MiB multipart upload, send its first 256 KiB and then wait:
 * each gets its 401 while its body is still unsent (an agent that read bodies first could not
 * answer yet), and with every connection still open nothing is in {@code <data_dir>/uploads}.
 * Item 4: uploads are not capped at Vert.x's 10 MiB but at what the slots hold.
 */
class UploadGuardTest {

    private static final int ATTACKERS = 20;
    private static final long ANNOUNCED = 100L << 20;
    private static final byte[] FACTORY = TestBundles.randomBytes(64 * 1024, 3);

    @TempDir
    Path tmp;

    private TestAgent agent;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void twentyParallelUnauthenticatedUploadsGet401AndNothingReachesDisk() throws Exception {
        start(Map.of("ota.http.auth_token", "s3cret"));
        RawHttp.DeviceFiles before = RawHttp.DeviceFiles.of(agent.slot(0), agent.dataDir().resolve("boot-state.json"));
        byte[] chunk = TestBundles.randomBytes(256 * 1024, 4);

        List<Socket> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.httpPort());
                s.setSoTimeout(20_000);
                open.add(s);
                String token = i % 2 == 0 ? "" : "Authorization: Bearer wrong-" + i + "\r\n";
                answers.add(pool.submit(attack(s, token, chunk)));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(401);
            }
            // every body is still mostly unsent (each answer came after 256 KiB of 100 MiB): nothing was spooled
            assertThat(uploadFiles()).isEmpty();
        } finally {
            for (Socket s : open) {
                s.close();
            }
            pool.shutdownNow();
        }
        assertThat(uploadFiles()).isEmpty();
        assertThat(agent.slot(1)).doesNotExist();
        assertThat(RawHttp.DeviceFiles.of(agent.slot(0), agent.dataDir().resolve("boot-state.json"))).isEqualTo(before);
        assertThat(TestHttp.get(agent.apiUrl("/update/status"), "Authorization", "Bearer s3cret").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anUploadOver10MiBInstallsAndOneOverTheSlotsIs413() throws Exception {
        byte[] app = TestBundles.randomBytes(12 << 20, 5);
        byte[] bundle = TestBundles.builder().name("demo-app").platform("ubuntu").version("1.1")
                .buildId("20261201-000000/big").part("app", "app", "app.bin", app).build();
        start(Map.of("flash.slot_size", Integer.toString(13 << 20)));

        HttpResponseSummary ok = upload(bundle);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(agent.bootState().activeSlot()).isEqualTo(1);

        // a body larger than 1 slot + bundle overhead is refused from its Content-Length, before it is read
        agent.close();
        agent = null;
        start(Map.of("flash.slot_size", Integer.toString(1 << 20)));
        RawHttp.DeviceFiles before = RawHttp.DeviceFiles.of(agent.slot(1), agent.dataDir().resolve("boot-state.json"));
        HttpResponseSummary tooBig = upload(TestBundles.randomBytes((int) (ApiSettingsProbe.overhead() + (2 << 20)), 6));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(uploadFiles()).isEmpty();
        assertThat(RawHttp.DeviceFiles.of(agent.slot(1), agent.dataDir().resolve("boot-state.json"))).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------

    private record HttpResponseSummary(int status, String body) {
    }

    private HttpResponseSummary upload(byte[] file) throws Exception {
        byte[] body = DeviceApiAttackTest.multipart("bnd", null, file);
        RawHttp.Answer a = RawHttp.send(agent.httpPort(), "POST /update HTTP/1.1", body,
                "Host: 127.0.0.1:" + agent.httpPort(), "Content-Type: multipart/form-data; boundary=bnd");
        return new HttpResponseSummary(a.status(), a.body());
    }

    /** Headers of a 100 MiB upload, then 256 KiB of it, then wait for the answer. */
    private Callable<Integer> attack(Socket s, String token, byte[] chunk) {
        return () -> {
            OutputStream out = s.getOutputStream();
            out.write(("POST /update HTTP/1.1\r\nHost: 127.0.0.1:" + agent.httpPort() + "\r\n" + token
                    + "Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n"
                    + "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.zip\"\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunk);
            out.flush();
            return RawHttp.read(s.getInputStream()).status();
        };
    }

    private List<Path> uploadFiles() throws Exception {
        Path uploads = agent.dataDir().resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(uploads)) {
            return s.toList();
        }
    }

    private void start(Map<String, String> props) throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), new HashMap<>(props));
        agent.writeFactoryImage(FACTORY);
        agent.start();
    }

    /** The overhead the agent allows on top of the slots (io.camelota.app.ApiSettings). */
    private static final class ApiSettingsProbe {
        static long overhead() {
            return io.camelota.app.ApiSettings.BUNDLE_OVERHEAD_BYTES;
        }
    }
}
