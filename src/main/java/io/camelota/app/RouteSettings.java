package io.camelota.app;

import java.nio.file.Path;

import io.camelota.flash.Installer;

/**
 * Keys only the routes use (beyond the ones OtaSettings already holds), validated at start like
 * every other key: the routes never read a raw key, only what {@link OtaSettings#derivedProperties()}
 * publishes from these values.
 *
 * @param checkpointBytes  update.checkpoint_bytes: bundle bytes between two resume checkpoints
 * @param serverEnabled    ota.server.enabled: the update-server route
 * @param serverDir        ota.server.dir: the folder it serves bundles from
 * @param demoEnabled      ota.demo.enabled: the demo's health endpoint (set by --demo only)
 * @param demoHealthStatus ota.demo.health_status: what that endpoint answers
 * @param serverRolloutPercent ota.server.rollout_percent: the X-OTA-Rollout the update server sends (-1: none)
 * @param serverAccessLog  ota.server.access_log: its access log in the ota format (null: none)
 */
public record RouteSettings(long checkpointBytes, boolean serverEnabled, Path serverDir, boolean demoEnabled,
                            int demoHealthStatus, int serverRolloutPercent, Path serverAccessLog) {

    static RouteSettings from(ConfigValues c) {
        int status = c.integer("ota.demo.health_status", 200, 100);
        if (status > 599) {
            throw new IllegalArgumentException("ota.demo.health_status: not an HTTP status: " + status);
        }
        Path serverDir = Path.of(c.string("ota.server.dir", "bundles"));
        // empty: access.log beside the bundles (the catalog reads *.zip only); none: no log
        String log = c.string("ota.server.access_log", "").strip();
        Path accessLog = log.equals("none") ? null : log.isEmpty() ? serverDir.resolve("access.log") : Path.of(log);
        return new RouteSettings(c.number("update.checkpoint_bytes", Installer.DEFAULT_CHECKPOINT_BYTES, 1),
                c.bool("ota.server.enabled", false), serverDir,
                c.bool("ota.demo.enabled", false), status, rolloutPercent(c), accessLog);
    }

    private static int rolloutPercent(ConfigValues c) {
        if (c.string("ota.server.rollout_percent", "").isBlank()) {
            return -1;
        }
        int p = c.integer("ota.server.rollout_percent", -1, 0);
        if (p > 100) {
            throw new IllegalArgumentException("ota.server.rollout_percent: must be 0..100, got " + p);
        }
        return p;
    }
}
