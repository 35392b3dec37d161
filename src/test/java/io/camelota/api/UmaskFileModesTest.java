package io.camelota.api;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the umask used to decide: an upload's spool file (created by Vert.x) and app.log (created by
 * the JDK's Redirect.appendTo) were 0666 under umask 000. A real agent JVM under umask 000 receives a
 * stalled upload; its spool file must be 0600 while it is being written, app.log 0600, new folders 0700.
 */
class UmaskFileModesTest {

    @TempDir
    Path tmp;

    @Test
    void spoolFilesAndAppLogAre0600UnderUmask000() throws Exception {
        Path data = tmp.resolve("data");
        Path appLog = tmp.resolve("logs/new/app.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\"", java, "-Xmx128m", "-cp", cp,
                UmaskAgentProbe.class.getName(), data.toString(), appLog.toString())
                .redirectError(tmp.resolve("probe.err").toFile()).start();
        try (Socket s = new Socket()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("port=")) {
                // the agent's start-up lines
            }
            assertThat(line).as("the probe printed its port; its stderr: %s", errors()).isNotNull();
            int port = Integer.parseInt(line.substring(5));

            // an upload that announces 1 MiB, sends 64 KiB of it and stalls: its spool file exists now
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            OutputStream o = s.getOutputStream();
            o.write(("POST /update HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: multipart/form-data; "
                    + "boundary=zz\r\nContent-Length: " + (1 << 20) + "\r\n\r\n--zz\r\nContent-Disposition: form-data; "
                    + "name=\"file\"; filename=\"fw.zip\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.write(TestBundles.randomBytes(64 * 1024, 9));
            o.flush();
            List<Path> spooled = awaitFiles(data.resolve("uploads"));
            assertThat(spooled).hasSize(1);
            assertThat(mode(spooled.get(0))).as("spool file").isEqualTo("rw-------");
            assertThat(mode(data.resolve("uploads"))).isEqualTo("rwx------");
            assertThat(mode(appLog)).as("app.log").isEqualTo("rw-------");
            assertThat(mode(appLog.getParent())).as("its new folder").isEqualTo("rwx------");
            assertThat(Files.readString(appLog)).isEqualTo("started\n");
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private String errors() throws Exception {
        return Files.readString(tmp.resolve("probe.err"));
    }

    private static List<Path> awaitFiles(Path dir) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> files = s.toList();
                if (!files.isEmpty()) {
                    return files;
                }
            }
            Thread.sleep(50);
        }
        return List.of();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
