package io.camelota.device;

import java.io.IOException;
import java.util.function.IntConsumer;

import io.camelota.device.RebootMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reboot step. It always acts ~100 ms later on a thread of its own (as the original), so the
 * route that asked — maybe answering an HTTP call — finishes first.
 */
public final class Reboot {

    private static final Logger LOG = LoggerFactory.getLogger(Reboot.class);
    private static final long DELAY_MS = 100;

    private final RebootMode mode;
    private final String command;
    private final int exitCode;
    private final IntConsumer agentShutdown;
    private final Runnable routeSender;
    private volatile boolean requested;

    /**
     * @param agentShutdown stops the running agent with an exit code; the launcher restarts it
     *                      when the code is {@link #RESTART}
     */
    public Reboot(RebootMode mode, String command, int exitCode, IntConsumer agentShutdown) {
        this(mode, command, exitCode, agentShutdown, () -> { });
    }

    /**
     * @param routeSender for boot.reboot_mode=route: sends the request to boot.reboot_uri, where the
     *                    host application decides when and how to restart
     */
    public Reboot(RebootMode mode, String command, int exitCode, IntConsumer agentShutdown, Runnable routeSender) {
        this.mode = mode;
        this.command = command;
        this.exitCode = exitCode;
        this.agentShutdown = agentShutdown;
        this.routeSender = routeSender;
    }

    /** Exit code the launcher reads as "start again in process". */
    public static final int RESTART = -1;

    /** True once a reboot was asked for in this run: /update/status reports it as reboot_required. */
    public boolean requested() {
        return requested;
    }

    public void request() {
        if (mode == RebootMode.NONE) {
            LOG.info("reboot required; boot.reboot_mode=none leaves it to the host application");
            requested = true;
            return;
        }
        if (requested) {
            return;
        }
        requested = true;
        Thread t = new Thread(this::act, "ota-reboot");
        t.setDaemon(true);
        t.start();
    }

    private void act() {
        try {
            Thread.sleep(DELAY_MS);
            switch (mode) {
                case RESTART -> {
                    LOG.info("rebooting: restarting the agent in process");
                    agentShutdown.accept(RESTART);
                }
                case EXIT -> {
                    LOG.info("rebooting: exiting with code {} for the supervisor to restart us", exitCode);
                    agentShutdown.accept(exitCode);
                }
                case ROUTE -> {
                    LOG.info("reboot required: handing it to the host application (boot.reboot_mode=route)");
                    routeSender.run();
                }
                case COMMAND -> {
                    LOG.info("rebooting: running '{}'", command);
                    new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
                }
                default -> { }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("boot.reboot_command failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("boot.reboot_uri failed: {}", e.getMessage());
        }
    }
}
