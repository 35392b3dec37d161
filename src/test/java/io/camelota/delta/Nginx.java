package io.camelota.delta;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx on 127.0.0.1 serving a folder, started with a config of its own in a temp folder (no root, no
 * system paths). nginx answers Range and multi-range requests out of the box, as a plain static server does.
 * The access log records status, Range header and bytes sent of every request, so tests count the wire.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    final Path www;
    final Path accessLog;
    final int port;

    private Nginx(Process process, Path www, Path accessLog, int port) {
        this.process = process;
        this.www = www;
        this.accessLog = accessLog;
        this.port = port;
    }

    static String binary() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Skips the test without nginx, unless OTA_REQUIRE_TOOLS=1 (CI), where its absence is a failure. */
    static Nginx start(Path dir, String extraServerConfig) throws Exception {
        String bin = binary();
        if (bin == null && "1".equals(System.getenv("OTA_REQUIRE_TOOLS"))) {
            throw new AssertionError("nginx is required (OTA_REQUIRE_TOOLS=1) but not installed");
        }
        Assumptions.assumeTrue(bin != null, "nginx not installed");
        Path www = Files.createDirectories(dir.resolve("www"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (int attempt = 0; ; attempt++) {
            int port;
            // the OS picks a free port; nginx binds it right after (a clash in between is retried)
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, """
                    daemon off;
                    master_process off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 64; }
                    http {
                      log_format wire '$status "$http_range" $bytes_sent';
                      access_log %1$s/access.log wire;
                      client_body_temp_path %1$s/body;
                      proxy_temp_path %1$s/proxy;
                      fastcgi_temp_path %1$s/fastcgi;
                      uwsgi_temp_path %1$s/uwsgi;
                      scgi_temp_path %1$s/scgi;
                      types { application/zip zip; }
                      server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        %4$s
                      }
                    }
                    """.formatted(logs, port, www, extraServerConfig == null ? "" : extraServerConfig));
            Process p = new ProcessBuilder(bin, "-p", dir.toString(), "-e", logs.resolve("error.log").toString(),
                    "-c", conf.toString()).redirectErrorStream(true).redirectOutput(logs.resolve("stdout.log").toFile())
                    .start();
            if (awaitPort(port, p)) {
                return new Nginx(p, www, logs.resolve("access.log"), port);
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            if (attempt >= 3) {
                throw new IOException("nginx did not start: " + Files.readString(logs.resolve("error.log")));
            }
        }
    }

    private static boolean awaitPort(int port, Process p) throws InterruptedException {
        for (int i = 0; i < 100 && p.isAlive(); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    String url(String file) {
        return "http://127.0.0.1:" + port + "/" + file;
    }

    /** Lines "status "range" bytes_sent" of the requests so far (nginx writes each when the response is done). */
    List<String> requests() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }

    long bytesSent() throws IOException {
        return requests().stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
