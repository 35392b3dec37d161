package io.camelota.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx for tests: its own prefix in a temp folder (config, pid, logs, temp paths, the
 * served folder www/), listening on 127.0.0.1 at a port picked at run time, run in the foreground
 * as a child process and stopped with the test. Its access log uses the {@code ota} log format the
 * rollout docs recommend. Skipped (assumption) when nginx is missing, unless OTA_REQUIRE_TOOLS=1.
 */
public final class NginxServer implements AutoCloseable {

    /** The log format the docs recommend for fleets (docs/rollouts.md). */
    public static final String OTA_LOG_FORMAT = "'$time_iso8601 \"$http_x_mgos_device_id\" \"$http_x_mgos_fw_version\" "
            + "\"$http_x_ota_rejected_version\" $status $body_bytes_sent \"$http_x_ota_state\"'";

    private final Path prefix;
    private final String binary;
    private int port;
    private Process process;

    private NginxServer(Path prefix, String binary) {
        this.prefix = prefix;
        this.binary = binary;
    }

    /** An nginx rooted at {@code prefix}; {@code locationExtra} goes into {@code location /} (e.g. add_header). */
    public static NginxServer start(Path prefix, String locationExtra) throws Exception {
        String binary = find();
        NginxServer n = new NginxServer(prefix, binary);
        Files.createDirectories(prefix.resolve("www"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        for (int attempt = 0; ; attempt++) {
            // the port is free when picked; another process may take it before nginx binds: try again then
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                n.port = s.getLocalPort();
            }
            n.writeConfig(locationExtra);
            n.process = new ProcessBuilder(binary, "-p", prefix.toString(), "-c", n.conf().toString(),
                    "-e", prefix.resolve("logs/error.log").toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
            if (n.awaitUp()) {
                return n;
            }
            n.process.destroy();
            n.process.waitFor(10, TimeUnit.SECONDS);
            if (attempt == 4) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(prefix.resolve("logs/error.log")));
            }
        }
    }

    private static String find() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        if (!"1".equals(System.getenv("OTA_REQUIRE_TOOLS"))) {
            Assumptions.abort("nginx is not installed (apt-get install nginx-light)");
        }
        throw new IllegalStateException("nginx is not installed and OTA_REQUIRE_TOOLS=1");
    }

    private Path conf() {
        return prefix.resolve("nginx.conf");
    }

    private void writeConfig(String locationExtra) throws IOException {
        String p = prefix.toString();
        String conf = String.join("\n",
                "daemon off;",
                // as root nginx's workers would become nobody, who cannot read a test's 0700 temp folder
                "user " + System.getProperty("user.name") + ";",
                "worker_processes 1;",
                "pid " + p + "/nginx.pid;",
                "error_log " + p + "/logs/error.log warn;",
                "events { worker_connections 64; }",
                "http {",
                "  log_format ota " + OTA_LOG_FORMAT + ";",
                "  access_log " + p + "/logs/access.log ota;",
                "  client_body_temp_path " + p + "/tmp/body;",
                "  proxy_temp_path " + p + "/tmp/proxy;",
                "  fastcgi_temp_path " + p + "/tmp/fastcgi;",
                "  uwsgi_temp_path " + p + "/tmp/uwsgi;",
                "  scgi_temp_path " + p + "/tmp/scgi;",
                "  types { application/zip zip; }",
                // a fleet's polls are minutes apart and never share a connection; a kept-alive one would
                // also reach a worker of the old config for a while after a reload
                "  keepalive_timeout 0;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + p + "/www;",
                "    location / {",
                "      " + locationExtra,
                "    }",
                "  }",
                "}", "");
        Files.writeString(conf(), conf);
    }

    private boolean awaitUp() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && process.isAlive()) {
            try {
                probe("/");
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    /**
     * Rewrites {@code location /} and reloads ({@code nginx -s reload}); returns once a request to
     * {@code probePath} shows the new config ({@code applied}), as old workers finish on their own.
     */
    public void reconfigure(String locationExtra, String probePath, Predicate<HttpResponse<Void>> applied) throws Exception {
        writeConfig(locationExtra);
        Process reload = new ProcessBuilder(binary, "-p", prefix.toString(), "-c", conf().toString(),
                "-e", prefix.resolve("logs/error.log").toString(), "-s", "reload").redirectErrorStream(true).start();
        String out = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!reload.waitFor(20, TimeUnit.SECONDS) || reload.exitValue() != 0) {
            throw new IllegalStateException("nginx -s reload failed: " + out);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // until the old worker has gone: while it lives it may still accept a connection with the old config
        long master = Long.parseLong(Files.readString(prefix.resolve("nginx.pid")).strip());
        while (!applied.test(probe(probePath))
                || ProcessHandle.of(master).map(h -> h.children().count()).orElse(0L) > 1) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("nginx did not apply the new config");
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<Void> probe(String path) throws IOException, InterruptedException {
        // HEAD: the probe must not add body bytes to the access log the tests count
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path www() {
        return prefix.resolve("www");
    }

    public Path accessLog() {
        return prefix.resolve("logs/access.log");
    }

    /** The access log's lines now (nginx writes each line when its request ends). */
    public List<String> accessLines() throws IOException {
        return Files.exists(accessLog()) ? Files.readAllLines(accessLog()) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
