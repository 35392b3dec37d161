package io.camelota.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.BundleLimits;
import io.camelota.bundle.BundleReader;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;
import io.camelota.flash.VersionOrder;
import io.camelota.status.SafeText;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update server's knowledge: which bundles sit in the folder (read by their manifests, so
 * file names do not matter), the newest per platform, and whether a device already runs it.
 * The folder is rescanned on each request: a server that drops a new bundle in needs no restart.
 * Only files inside the folder count: a link (or a path) that resolves outside it is skipped, so a
 * link planted in the folder cannot publish /etc/shadow. Bodies are streamed from the file, never
 * held in memory. It is the demo and test server; a fleet is better served by nginx or a CDN.
 */
public final class BundleCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(BundleCatalog.class);

    /** One bundle file and what its manifest says. */
    public record Entry(Path file, String platform, String version, String buildId, long size, String etag) {
    }

    private final Path folder;
    /** X-OTA-Rollout on every answer (-1: none, every device takes the newest bundle). */
    private final int rolloutPercent;

    public BundleCatalog(Path folder) {
        this(folder, -1);
    }

    public BundleCatalog(Path folder, int rolloutPercent) {
        this.folder = folder;
        this.rolloutPercent = rolloutPercent;
    }

    /**
     * ota.server.rollout_percent as X-OTA-Rollout, on the 304s too (as nginx's {@code add_header ...
     * always}): a deferred device asks with If-None-Match and learns from the 304 when its turn comes.
     */
    public void rollout(Exchange exchange) {
        if (rolloutPercent >= 0) {
            exchange.getMessage().setHeader("X-OTA-Rollout", Integer.toString(rolloutPercent));
        }
    }

    /** Sets ota_bundle (the newest bundle for the device's platform, or null) and ota_device_current. */
    public void lookup(Exchange exchange) throws IOException {
        String fw = exchange.getMessage().getHeader("X-MGOS-FW-Version", "", String.class).strip();
        // "<platform> <version> <build id>", separated by any run of whitespace
        String[] parts = fw.isEmpty() ? new String[0] : fw.split("\\s+");
        String platform = parts.length > 0 ? parts[0] : "";
        Optional<Entry> newest = newest(platform);
        exchange.setVariable("ota_bundle", newest.orElse(null));
        boolean current = newest.isPresent() && parts.length >= 2 && parts[1].equals(newest.get().version())
                && (parts.length < 3 || parts[2].equals(newest.get().buildId()));
        // A plain static server's rule too: the device already holds exactly these bytes.
        String ifNoneMatch = exchange.getMessage().getHeader("If-None-Match", String.class);
        boolean sameEtag = newest.isPresent() && newest.get().etag().equals(ifNoneMatch);
        exchange.setVariable("ota_device_current", current || sameEtag);
    }

    /**
     * 200 with the bundle, its length and an ETag, streamed from its file. Under the Vert.x server
     * the file goes out through Vert.x's sendFile: Content-Length from the file, zero-copy and
     * paced by the socket (a slow client holds no bundle bytes in the heap), the file closed when the
     * connection ends; the response is then complete and Camel writes nothing more. (Camel's own
     * path would send an InputStream body chunked, without the Content-Length a device shows
     * progress by.) Otherwise (HTTP/2, another server) the body is the file as a stream.
     */
    public void serve(Exchange exchange) throws IOException {
        Entry e = exchange.getVariable("ota_bundle", Entry.class);
        if (Files.isSymbolicLink(e.file())) {
            // swapped for a link since the scan (the entry holds the real path)
            throw new IOException("bundle file changed: " + e.file().getFileName());
        }
        if (exchange.getIn() instanceof HttpMessage http && http.getResponse() != null
                && http.getRequest().version() != HttpVersion.HTTP_2) {
            // (an h2c-upgraded request answered by sendFile announced Content-Length 0: HTTP/1.x only)
            HttpServerResponse response = http.getResponse();
            response.setStatusCode(200).putHeader("Content-Type", "application/zip").putHeader("ETag", e.etag());
            if (rolloutPercent >= 0) {
                response.putHeader("X-OTA-Rollout", Integer.toString(rolloutPercent));
            }
            response.sendFile(e.file().toString());
            return;
        }
        Message msg = exchange.getMessage();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/zip");
        msg.setHeader(Exchange.CONTENT_LENGTH, e.size());
        msg.setHeader("ETag", e.etag());
        msg.setBody(Files.newInputStream(e.file(), LinkOption.NOFOLLOW_LINKS));
    }

    /** The newest by {@link VersionOrder}; a bundle whose version has no order is skipped (logged), never ranked. */
    public Optional<Entry> newest(String platform) throws IOException {
        return entries().stream().filter(e -> e.platform().equalsIgnoreCase(platform))
                .filter(BundleCatalog::orderable)
                .max(Comparator.comparing(Entry::version, (a, b) -> VersionOrder.compare(a, null, b, null))
                        .thenComparing(Entry::buildId));
    }

    private static boolean orderable(Entry e) {
        if (VersionOrder.orderable(e.version())) {
            return true;
        }
        LOG.warn("update server: skipping {}: version {} has no order (neither semver nor dotted numbers)",
                SafeText.of(e.file().getFileName().toString()), SafeText.of(e.version()));
        return false;
    }

    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        Path root = folder.toRealPath();
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".zip")).sorted().toList()) {
                Optional<Path> inside = inside(root, f);
                if (inside.isEmpty()) {
                    continue;
                }
                Path real = inside.get();
                manifestOf(real).ifPresent(m -> out.add(new Entry(real, m.platform(), m.version(), m.buildId(),
                        size(real), "\"" + Integer.toHexString(m.buildId().hashCode()) + "-" + size(real) + "\"")));
            }
        }
        return out;
    }

    /** The file's real path when it is a regular file inside {@code root}; empty (logged) for anything else. */
    private static Optional<Path> inside(Path root, Path file) {
        try {
            Path real = file.toRealPath();
            if (real.startsWith(root) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(real);
            }
            LOG.warn("update server: skipping {}: it resolves outside {}", SafeText.of(file.getFileName().toString()), root);
        } catch (IOException e) {
            LOG.warn("update server: skipping {}: {}", SafeText.of(file.getFileName().toString()), SafeText.of(e.getMessage()));
        }
        return Optional.empty();
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<Manifest> manifestOf(Path file) {
        Manifest[] found = new Manifest[1];
        try (InputStream in = Files.newInputStream(file)) {
            new BundleReader(BundleLimits.defaults()).read(in, new BundleHandler() {
                @Override
                public boolean onManifest(Manifest manifest) {
                    found[0] = manifest;
                    return false;
                }

                @Override
                public PartSink onFileStart(String name, Optional<ManifestPart> part) {
                    return null;
                }

                @Override
                public void onFileEnd(String name, long size, String sha256Hex) {
                }
            });
        } catch (IOException | BundleException e) {
            LOG.warn("update server: skipping {}: {}", SafeText.of(file.getFileName().toString()), SafeText.of(e.getMessage()));
        }
        return Optional.ofNullable(found[0]);
    }
}
