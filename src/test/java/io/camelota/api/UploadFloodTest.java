package io.camelota.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload flood, performed: parallel uploads that stall after a few KiB, a second upload while
 * one is received or an update runs, clients that trickle header lines, and a declared length the
 * disk cannot hold. Each is refused or cut, nothing piles up in {@code <data_dir>/uploads}, and the
 * agent still installs a real upload afterwards.
 */
class UploadFloodTest {

    private static final long DECLARED = 4L << 20;
    private static final byte[] BUNDLE = TestBundles.builder().version("1.1").buildId("20261201-000000/flood")
            .part("app", "app", "app.bin", TestBundles.randomBytes(100 * 1024, 2)).build();

    @TempDir
    Path tmp;
    private TestAgent agent;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aSecondUploadIs409BeforeItsBodyAndAStalledOneIsCutAfterTheIdleTimeout() throws Exception {
        start(Map.of("ota.http.idle_timeout", "3"));
        Socket first = stalledUpload();
        assertThat(awaitUploadFiles(1)).as("the first upload is being spooled").hasSize(1);

        // five more, each announcing 4 MiB and sending 64 KiB: 409 while their bodies are unsent
        for (int i = 0; i < 5; i++) {
            Socket s = stalledUpload();
            s.setSoTimeout(10_000);
            RawHttp.Answer a = RawHttp.read(s.getInputStream());
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.body()).isEqualTo("Another update is in progress.\r\n");
        }
        assertThat(uploadFiles()).as("only the first upload reached the disk").hasSize(1);

        // the first sends nothing more: cut after ota.http.idle_timeout, its spool file removed
        first.setSoTimeout(20_000);
        assertThat(closedByServer(first.getInputStream())).isTrue();
        assertThat(awaitUploadFiles(0)).isEmpty();

        // the gate is free again: a real upload installs
        var ok = TestHttp.postMultipart(agent.apiUrl("/update"), TestHttp.Part.file("file", "fw.zip", BUNDLE));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(agent.bootState().activeSlot()).isEqualTo(1);
    }

    @Test
    void anUploadWhileAPullIsInstallingIs409BeforeItsBody() throws Exception {
        try (TestHttp.Server server = TestHttp.Server.start().stalling("/fw.zip", BUNDLE)) {
            start(Map.of());
            CompletableFuture<Integer> pull = CompletableFuture.supplyAsync(() -> {
                try {
                    return TestHttp.post(agent.apiUrl("/update?url=") + server.url("/fw.zip")).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(server.awaitStalled()).isTrue();
            Socket s = stalledUpload();
            s.setSoTimeout(10_000);
            assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(409);
            assertThat(uploadFiles()).isEmpty();
            server.release();
            assertThat(pull.get()).isEqualTo(200);
        }
    }

    @Test
    void headerLinesTrickledEveryHalfSecondAreCutAtTheHeaderDeadline() throws Exception {
        start(Map.of("ota.http.header_timeout", "2"));
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = connect();
            s.getOutputStream().write("POST /update HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            tricklers.add(s);
        }
        long start = System.nanoTime();
        int cut = 0;
        // one header line per connection every 500 ms, for up to 15 s: a trickle is never idle
        for (int round = 0; round < 30 && cut < tricklers.size(); round++) {
            Thread.sleep(500);
            cut = 0;
            for (Socket s : tricklers) {
                try {
                    s.getOutputStream().write(("X-Slow-" + round + ": 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    s.setSoTimeout(1);
                    if (s.getInputStream().read() < 0) {
                        cut++;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // no answer yet
                } catch (IOException reset) {
                    cut++;
                }
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(cut).as("connections cut while still trickling headers").isEqualTo(tricklers.size());
        assertThat(seconds).as("cut by the 2 s header deadline, not by the end of the trickle").isLessThan(14);
        assertThat(TestHttp.get(agent.apiUrl("/update/status")).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeclaredLengthTheDiskCannotHoldIs507BeforeAByteIsSpooled() throws Exception {
        // the reserve is all the real file store has: any declared length is too much for it
        long usable = Files.getFileStore(tmp).getUsableSpace();
        start(Map.of("ota.http.upload_reserve_bytes", Long.toString(usable)));
        Socket s = stalledUpload();
        s.setSoTimeout(10_000);
        RawHttp.Answer a = RawHttp.read(s.getInputStream());
        assertThat(a.status()).isEqualTo(507);
        assertThat(a.body()).startsWith("Not enough free space for the upload: " + DECLARED + " bytes declared, ");
        assertThat(uploadFiles()).isEmpty();
        assertThat(agent.slot(1)).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.httpPort());
        sockets.add(s);
        return s;
    }

    /** Headers of a 4 MiB multipart upload and its first 64 KiB, then nothing. */
    private Socket stalledUpload() throws IOException {
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        out.write(("POST /update HTTP/1.1\r\nHost: 127.0.0.1:" + agent.httpPort() + "\r\nContent-Type: multipart/form-data;"
                + " boundary=zz\r\nContent-Length: " + DECLARED + "\r\n\r\n--zz\r\nContent-Disposition: form-data;"
                + " name=\"file\"; filename=\"fw.zip\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(TestBundles.randomBytes(64 * 1024, 7));
        out.flush();
        return s;
    }

    private static boolean closedByServer(InputStream in) {
        try {
            while (in.read() >= 0) {
                // an answer may come first (an error status); the close follows
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private List<Path> awaitUploadFiles(int count) throws Exception {
        List<Path> files = uploadFiles();
        for (int i = 0; i < 200 && files.size() != count; i++) {
            Thread.sleep(50);
            files = uploadFiles();
        }
        return files;
    }

    private List<Path> uploadFiles() throws IOException {
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
        agent.writeFactoryImage(TestBundles.randomBytes(8192, 1));
        agent.start();
    }
}
