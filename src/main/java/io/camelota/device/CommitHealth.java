package io.camelota.device;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of the health check YAML cannot say: which checks are configured (health.url,
 * health.command, health.camel), and running health.command.
 */
public final class CommitHealth {

    private static final Logger LOG = LoggerFactory.getLogger(CommitHealth.class);

    private final String url;
    private final String command;
    private final int timeoutSeconds;
    private final boolean camel;

    public CommitHealth(String url, String command, int timeoutSeconds) {
        this(url, command, timeoutSeconds, false);
    }

    public CommitHealth(String url, String command, int timeoutSeconds, boolean camel) {
        this.url = url == null ? "" : url;
        this.command = command == null ? "" : command;
        this.timeoutSeconds = timeoutSeconds;
        this.camel = camel;
    }

    public boolean anyConfigured() {
        return hasUrl() || hasCommand() || hasCamel();
    }

    /** health.camel=true: all of the application's Camel health checks must be UP. */
    public boolean hasCamel() {
        return camel;
    }

    public boolean hasUrl() {
        return !url.isBlank();
    }

    public boolean hasCommand() {
        return !command.isBlank();
    }

    /** health.command through /bin/sh; healthy when it exits 0 within health.timeout. */
    public boolean runCommand() {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("health.command did not finish within {} s: unhealthy", timeoutSeconds);
                return false;
            }
            LOG.info("health.command exited {}", p.exitValue());
            return p.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("health.command could not run: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
