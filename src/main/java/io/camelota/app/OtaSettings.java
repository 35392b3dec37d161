package io.camelota.app;

import io.camelota.device.RebootMode;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.camelota.boot.SlotContent;
import io.camelota.bundle.SignatureVerifier;
import io.camelota.flash.InstallPolicy;
import io.camelota.http.DeviceIdentity;
import io.camelota.http.ExtraHeaders;
import io.camelota.http.MacAddress;
import io.camelota.slot.SlotLayout;
import io.camelota.supervisor.SupervisorSettings;

/**
 * Every config key the Java side needs, read once at startup and validated, so a typo stops the
 * agent with a line naming the key instead of surfacing at the first poll. Defaults are the
 * Mongoose ones where the original had the key; config/application.properties documents them all.
 */
public record OtaSettings(
        String url, int interval, int commitTimeout, int timeout, Map<String, String> extraHeaders,
        String sslCaFile, String sslClientCertFile, String sslClientKeyFile, String sslServerName,
        boolean enablePost, boolean pollOnStart, int maxRedirects, int connectTimeout, double jitter, int backoffMax, int retries, int retryBackoffMs,
        InstallPolicy installPolicy, DeviceIdentity device, String fwVersion, String fwId,
        Path dataDir, SlotLayout slots,
        RebootMode rebootMode, String rebootCommand, int exitCode,
        String healthUrl, String healthCommand, int healthTimeout,
        String httpHost, int httpPort, boolean httpEnabled, String authToken,
        boolean healthCamel,
        BootSettings boot, ApiSettings api, BootloaderSettings bootloader,
        SupervisorSettings supervisor, RouteSettings routes, io.camelota.device.WindowSettings windows,
        boolean delta, long deltaCheckpointBytes) {

    /** Seconds between checks when update.url is set and update.interval is not. */
    public static final int DEFAULT_INTERVAL = 3600;

    public static OtaSettings from(Function<String, Optional<String>> lookup) {
        ConfigValues c = new ConfigValues(lookup);
        String platform = c.string("device.platform", "ubuntu");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = c.string("update.key" + i, "");
            if (!key.isEmpty()) {
                try {
                    SignatureVerifier.parseKey(key);
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("update.key" + i
                            + ": not a Base64 DER ECDSA P-256 public key (" + e.getMessage() + ")");
                }
            }
            keys.add(key);
        }
        int sigMask = c.integer("update.sig_req_mask", -1, -1);
        InstallPolicy policy = new InstallPolicy(platform, keys, sigMask, c.bool("update.allow_downgrade", true),
                c.bool("flash.read_back_verify", true), readBackDigest(c));
        String mac = c.string("device.mac", null);
        String macHex = mac == null ? MacAddress.firstInterface() : MacAddress.normalize(mac);
        DeviceIdentity device = new DeviceIdentity(MacAddress.expandPlaceholders(c.string("device.id", null), macHex),
                macHex, platform,
                c.string("device.app", "camel-ota"), c.string("device.os_token", "CamelOTA/0.1"));
        Path dataDir = Path.of(c.string("ota.data_dir", "data"));
        long slotSize = c.number("flash.slot_size", 2L << 30, 1);
        Path[] app = {Path.of(c.string("flash.slot.0.path", dataDir.resolve("slot0.img").toString())),
                      Path.of(c.string("flash.slot.1.path", dataDir.resolve("slot1.img").toString()))};
        String fs0 = c.string("flash.fs_slot.0.path", null);
        String fs1 = c.string("flash.fs_slot.1.path", null);
        if ((fs0 == null) != (fs1 == null)) {
            throw new IllegalArgumentException("flash.fs_slot.0.path/flash.fs_slot.1.path: set both or neither");
        }
        Path[] fs = fs0 == null ? null : new Path[] {Path.of(fs0), Path.of(fs1)};
        String url = c.string("update.url", "");
        if (!url.isEmpty() && !url.matches("(?i)https?://.+")) {
            throw new IllegalArgumentException("update.url: must be an http:// or https:// URL, got '" + url + "'");
        }
        // none unless configured: inside a host application the host decides (the standalone agent's
        // config/application.properties says restart)
        RebootMode reboot = c.choice("boot.reboot_mode", RebootMode.NONE, RebootMode.class);
        String rebootCommand = c.string("boot.reboot_command", "");
        if (reboot == RebootMode.COMMAND && rebootCommand.isEmpty()) {
            throw new IllegalArgumentException("boot.reboot_command: required when boot.reboot_mode=command");
        }
        String rebootUri = c.string("boot.reboot_uri", "");
        if (reboot == RebootMode.ROUTE && rebootUri.isEmpty()) {
            throw new IllegalArgumentException("boot.reboot_uri: required when boot.reboot_mode=route (e.g. direct:host-restart)");
        }
        ApiSettings api = ApiSettings.from(c);
        // update.url alone polls hourly: a host that names a server wants updates from it (the original's
        // default 0 left an embedded agent silent); an explicit update.interval=0 still means "never"
        return new OtaSettings(url, c.integer("update.interval", url.isEmpty() ? 0 : DEFAULT_INTERVAL, 0), c.integer("update.commit_timeout", 0, 0),
                c.integer("update.timeout", 600, 0), ExtraHeaders.parse(c.string("update.extra_http_headers", "")),
                c.string("update.ssl_ca_file", ""), c.string("update.ssl_client_cert_file", ""),
                c.string("update.ssl_client_key_file", ""), c.string("update.ssl_server_name", ""),
                c.bool("update.enable_post", true), c.bool("update.poll_on_start", false),
                c.integer("update.max_redirects", 5, 0), c.integer("update.connect_timeout", 30, 1),
                c.fraction("update.jitter", 0), c.integer("update.backoff_max", 21600, 1),
                c.integer("update.retries", 3, 0), c.integer("update.retry_backoff_ms", 1000, 0),
                policy, device, c.string("device.fw_version", "1.0"),
                c.string("device.fw_id", "20261101-000000/factory"), dataDir, new SlotLayout(app, fs, slotSize),
                reboot, rebootCommand, c.integer("boot.exit_code", 75, 0),
                c.string("health.url", ""), c.string("health.command", ""), c.integer("health.timeout", 10, 1),
                c.string("ota.http.host", "127.0.0.1"), c.integer("ota.http.port", 8180, 0),
                api.mode() != ApiSettings.HttpMode.OFF,
                c.string("ota.http.auth_token", ""),
                c.bool("health.camel", false),
                BootSettings.from(c), api, BootloaderSettings.from(c),
                supervisorFrom(c), RouteSettings.from(c),
                io.camelota.device.WindowSettings.from(k -> c.string(k, "")),
                // bundles with chunk indexes are fetched by HTTP Range, only what the active slot lacks (docs/delta.md)
                c.bool("flash.delta", true),
                c.number("flash.delta_checkpoint_bytes", io.camelota.delta.DeltaUpdates.DEFAULT_CHECKPOINT_BYTES, 1));
    }

    /**
     * The socket read (and response) timeout: half of update.timeout, so a stalled read fails first
     * and is resumed with Range (update.retries) while the inactivity watchdog, at the full
     * update.timeout without a byte, ends the attempt. 0 = no timeout, as update.timeout 0.
     */
    public long readTimeoutMillis() {
        return timeout == 0 ? 0 : Math.max(1, timeout * 1000L / 2);
    }

    /**
     * The camel-http endpoint options of every update request, written only here: the
     * check-for-update route reads them as {{ota.route.update_http_options}}, the resume requests
     * use them directly.
     */
    public String httpOptions() {
        return "httpMethod=GET&throwExceptionOnFailure=false&followRedirects=false&disableStreamCache=true"
                + "&sslContextParameters=#otaTls&x509HostnameVerifier=#otaHostnameVerifier"
                + "&connectTimeout=" + connectTimeout * 1000L + "&responseTimeout=" + readTimeoutMillis()
                + "&soTimeout=" + readTimeoutMillis() + "&" + io.camelota.http.OtaHttpClient.ENDPOINT_OPTIONS;
    }

    private static boolean readBackDigest(ConfigValues c) {
        String digest = c.string("flash.read_back_digest", "sha256").toLowerCase();
        return switch (digest) {
            case "sha256" -> false;
            case "crc32c" -> true;
            default -> throw new IllegalArgumentException("flash.read_back_digest: must be sha256 or crc32c, got '"
                    + digest + "'");
        };
    }

    /** The factory firmware's identity: what slot 0 holds before any update. */
    public SlotContent factoryFirmware() {
        return new SlotContent(device.app(), device.platform(), fwVersion, fwId, null, null);
    }

    /** Polling runs only when the URL is set and the interval is positive, as the original. */
    public boolean pollEnabled() {
        return !url.isEmpty() && interval > 0;
    }

    /**
     * Everything the YAML routes read, as placeholders {{ota.route.*}}: published at startup from
     * the validated values above, in the form Quartz and camel-http take (milliseconds, a safe
     * interval when polling is off). Routes read no other key (RoutePlaceholdersTest).
     */
    public Map<String, String> derivedProperties() {
        long intervalMs = Math.max(1, interval) * 1000L;
        Map<String, String> m = new TreeMap<>();
        m.put("ota.route.poll_interval_ms", Long.toString(intervalMs));
        m.put("ota.route.poll_start_delay_ms", Long.toString(pollOnStart ? 0 : intervalMs));
        m.put("ota.route.update_http_options", httpOptions());
        m.put("ota.route.commit_timeout", Integer.toString(commitTimeout));
        m.put("ota.route.update_timeout", Integer.toString(timeout));
        m.put("ota.route.checkpoint_bytes", Long.toString(routes.checkpointBytes()));
        m.put("ota.route.health_url", healthUrl);
        m.put("ota.route.health_timeout_ms", Long.toString(healthTimeout * 1000L));
        m.put("ota.route.reboot_mode", rebootMode.name().toLowerCase());
        m.put("ota.route.demo_health_status", Integer.toString(routes.demoHealthStatus()));
        // where the HTTP routes listen (ota.http.mode): the agent's own server or the host's platform-http
        m.put("ota.route.api_uri", api.endpoint("/update"));
        m.put("ota.route.firmware_uri", api.endpoint("/firmware"));
        m.put("ota.route.demo_health_uri", api.endpoint("/demo/health"));
        return m;
    }

    /** The app.* scalar keys; {@code app.env.*} come later through {@link SupervisorSettings#withEnv}. */
    private static SupervisorSettings supervisorFrom(ConfigValues c) {
        java.util.List<String> command = io.camelota.supervisor.CommandLine.split("app.command", c.string("app.command", ""));
        String workdir = c.string("app.workdir", null);
        String log = c.string("app.log", "agent");
        return new SupervisorSettings(command, workdir == null ? null : Path.of(workdir), java.util.Map.of(),
                java.time.Duration.ofSeconds(c.integer("app.stop_timeout", 10, 0)),
                log.equals("agent") ? null : Path.of(log));
    }
}
