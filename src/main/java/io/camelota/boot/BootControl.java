package io.camelota.boot;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot decisions of protocol §6: what to do at start, commit, revert, and the switch to a newly
 * installed slot. Every change is one atomic write through the {@link Bootloader}; methods are
 * synchronized so an HTTP commit and the commit timer cannot interleave.
 */
public final class BootControl {

    private static final Logger LOG = LoggerFactory.getLogger(BootControl.class);

    /** What {@link #boot()} found. */
    public enum BootOutcome {
        /** committed firmware: nothing to decide */
        NORMAL,
        /** first boot of an uncommitted slot: the commit window starts now */
        FIRST_BOOT,
        /** the agent died (or was killed) during a first boot: reverted to the previous slot */
        REVERTED_UNCOMMITTED,
        /** committed firmware, first start after a revert: {@link #lastRevertReason()} says why */
        AFTER_REVERT
    }

    private final Bootloader bootloader;
    private final SlotContent factoryFirmware;
    private BootState state;
    private volatile boolean booted;
    private String lastRevertReason;

    public BootControl(Bootloader bootloader, SlotContent factoryFirmware) {
        this.bootloader = bootloader;
        this.factoryFirmware = factoryFirmware;
    }

    /** The boot sequence, run once per agent start before any route may install or commit. */
    public synchronized BootOutcome boot() throws IOException {
        try {
            return decideBoot();
        } finally {
            booted = true;
        }
    }

    /** True once {@link #boot()} ran in this start: no update may begin before the boot decision. */
    public boolean booted() {
        return booted;
    }

    /** Waits (bounded) for the boot decision: a poll at start must not race the boot route. */
    public boolean awaitBooted(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!booted && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return booted;
            }
        }
        return booted;
    }

    private BootOutcome decideBoot() throws IOException {
        BootState found = bootloader.read();
        if (found == null) {
            state = BootState.factory(factoryFirmware);
            bootloader.write(state);
            LOG.info("boot: no boot state yet, recorded factory firmware {} in slot 0", factoryFirmware.version());
            return BootOutcome.NORMAL;
        }
        state = found;
        if (state.committed()) {
            if (state.revertReason() == null) {
                return BootOutcome.NORMAL;
            }
            lastRevertReason = state.revertReason();
            state = state.withoutRevertReason();
            bootloader.write(state);
            return BootOutcome.AFTER_REVERT;
        }
        if (state.firstBootTried()) {
            state = state.revert();
            bootloader.write(state);
            LOG.warn("boot: Update not committed, reverted to slot {} ({})", state.activeSlot(), versionOf(state));
            return BootOutcome.REVERTED_UNCOMMITTED;
        }
        // Tombstone first: from here on any crash before commit makes the next start revert.
        state = state.withFirstBootTried();
        bootloader.write(state);
        LOG.info("boot: first boot of slot {} ({}), uncommitted, commit_timeout {} s",
                state.activeSlot(), versionOf(state), state.commitTimeout());
        return BootOutcome.FIRST_BOOT;
    }

    public synchronized BootState state() {
        if (state == null) {
            try {
                BootState found = bootloader.read();
                return found != null ? found : BootState.factory(factoryFirmware);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return state;
    }

    public synchronized boolean isCommitted() {
        return state().committed();
    }

    /** Switches the next boot to {@code slot}; called only after every byte is written, synced and verified. */
    public synchronized void installed(int slot, SlotContent content, int commitTimeoutSeconds) throws IOException {
        BootState next = state().installed(slot, content, commitTimeoutSeconds);
        bootloader.write(next);
        state = next;
        LOG.info("boot: slot {} ({}) set active for next boot, uncommitted", slot, content.version());
    }

    /** Commit: false when there is nothing to commit (already committed), as the original. */
    public synchronized boolean commit() throws IOException {
        BootState s = state();
        if (s.committed()) {
            return false;
        }
        BootState next = s.commit();
        bootloader.write(next);
        state = next;
        LOG.info("boot: committed slot {} ({})", next.activeSlot(), versionOf(next));
        return true;
    }

    /** Revert: false when committed (nothing to revert to), as the original. */
    public synchronized boolean revert() throws IOException {
        return revert(null);
    }

    /** Revert, keeping {@code reason} for the status of the next start (which follows the reboot). */
    public synchronized boolean revert(String reason) throws IOException {
        BootState s = state();
        if (s.committed()) {
            return false;
        }
        BootState next = s.revert(reason);
        bootloader.write(next);
        state = next;
        LOG.warn("boot: reverted to slot {} ({}), rejected {}", next.activeSlot(), versionOf(next),
                next.rejected() == null ? "?" : next.rejected().version());
        return true;
    }

    /** A commit_timeout given after the bundle (a multipart field after the file part). */
    public synchronized void setCommitTimeout(int seconds) throws IOException {
        BootState next = state().withCommitTimeout(seconds);
        bootloader.write(next);
        state = next;
    }

    /** Why the revert before this start happened (set by {@link #boot()} when it returns AFTER_REVERT). */
    public synchronized String lastRevertReason() {
        return lastRevertReason;
    }

    public SlotContent factoryFirmware() {
        return factoryFirmware;
    }

    private static String versionOf(BootState s) {
        SlotContent c = s.activeContent();
        return c == null ? "unknown firmware" : c.version();
    }
}
