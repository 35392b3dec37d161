package io.camelota.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot decisions: what to do at start, commit, revert, and the switch to a newly installed slot.
 * The model is U-Boot's bootcount / RAUC's {@code BOOT_x_LEFT}: an install grants the new slot
 * {@code boot.attempts} starts; every start of the uncommitted slot consumes one, written before
 * anything of that slot runs; a start that finds none left reverts. Only three things reject a
 * version ({@link RevertReason}): attempts exhausted, a failed health check, an explicit revert. A
 * kill with attempts left is simply another try.
 *
 * <p>Every change is one atomic write through the {@link Bootloader}; methods are synchronized so an
 * HTTP commit and the commit timer cannot interleave.
 */
public final class BootControl {

    private static final Logger LOG = LoggerFactory.getLogger(BootControl.class);
    /** {@code boot.attempts} when not configured. */
    public static final int DEFAULT_ATTEMPTS = 3;

    /** What {@link #boot()} decided; in every case {@link #state()}'s active slot is the one to run. */
    public enum BootOutcome {
        /** committed firmware: run it, nothing to decide */
        NORMAL,
        /**
         * a start of the uncommitted slot (first or a later attempt): one attempt has been consumed and
         * written; run it, and commit it ({@link #commit()}) once it proves healthy within the commit window
         * or revert ({@link #revert(RevertReason)}) if it does not
         */
        FIRST_BOOT,
        /** the uncommitted slot had no attempts left: reverted to the previous slot now, run that one */
        ATTEMPTS_EXHAUSTED,
        /** committed firmware, first start after a revert: {@link #lastRevertReason()} says why */
        AFTER_REVERT
    }

    private final Bootloader bootloader;
    private final SlotContent factoryFirmware;
    private final int attempts;
    private final CountDownLatch booted = new CountDownLatch(1);
    private BootState state;
    private String lastRevertReason;

    public BootControl(Bootloader bootloader, SlotContent factoryFirmware) {
        this(bootloader, factoryFirmware, DEFAULT_ATTEMPTS);
    }

    /** @param attempts starts granted to a newly installed slot before it must be committed (at least 1) */
    public BootControl(Bootloader bootloader, SlotContent factoryFirmware, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("boot.attempts: must be at least 1, got " + attempts);
        }
        this.bootloader = bootloader;
        this.factoryFirmware = factoryFirmware;
        this.attempts = attempts;
    }

    private boolean decidedByLauncher;

    /**
     * The boot decision, made once per start (of the agent, or of the application a supervisor runs)
     * before anything of the active slot runs. Contract:
     * <ul>
     *   <li>no state yet: the factory state (slot 0, committed) is written; {@link BootOutcome#NORMAL};</li>
     *   <li>committed: {@link BootOutcome#NORMAL}, or {@link BootOutcome#AFTER_REVERT} on the first start
     *       after a revert (the reason is then cleared from the state);</li>
     *   <li>uncommitted with attempts left: one attempt is consumed in ONE atomic write, then
     *       {@link BootOutcome#FIRST_BOOT}: the caller runs the slot and must commit or revert it; if the
     *       caller dies instead, the next {@code boot()} tries again;</li>
     *   <li>uncommitted, no attempts left: reverted to the previous slot (reason
     *       {@link RevertReason#ATTEMPTS_EXHAUSTED}) in one write, {@link BootOutcome#ATTEMPTS_EXHAUSTED}.</li>
     * </ul>
     * Afterwards {@link #state()}{@code .activeSlot()} is the slot to run. An invalid state on storage
     * throws {@link BootStateException} and writes nothing.
     */
    public synchronized BootOutcome boot() throws IOException {
        try {
            return decideBoot();
        } finally {
            booted.countDown();
        }
    }

    /** True once {@link #boot()} ran in this start: no update may begin before the boot decision. */
    public boolean booted() {
        return booted.getCount() == 0;
    }

    /** Waits (bounded) for the boot decision: a poll at start must not race the boot route. */
    public boolean awaitBooted(long millis) {
        try {
            return booted.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return booted();
        }
    }

    /** Reads and validates the stored state without changing it: the start-up check (throws when invalid). */
    public synchronized void verify() throws IOException {
        BootState found = bootloader.read();
        if (state == null && found != null) {
            state = found.withAttemptsIfUnset(attempts);
        }
    }

    /**
     * This agent runs inside an application that the {@code launch} launcher started: the launcher
     * has made this start's boot decision and consumed its attempt already, so {@link #boot()} only
     * adopts it — a second consumption would spend two attempts per start.
     */
    public synchronized void decidedByLauncher(boolean launched) {
        this.decidedByLauncher = launched;
    }

    private BootOutcome decideBoot() throws IOException {
        if (decidedByLauncher) {
            return adoptLaunchersDecision();
        }
        BootState found = bootloader.read();
        if (found == null) {
            state = BootState.factory(factoryFirmware);
            bootloader.write(state);
            LOG.info("boot: no boot state yet, recorded factory firmware {} in slot 0", factoryFirmware.version());
            return BootOutcome.NORMAL;
        }
        state = found.withAttemptsIfUnset(attempts);
        if (state.committed()) {
            return committedStart();
        }
        if (state.attemptsLeft() == 0) {
            // This start reports the reason itself, so it is not kept for the next one.
            BootState next = state.revert(null);
            bootloader.write(next);
            LOG.warn("boot: slot {} ({}) used all {} boot attempts without a commit: reverted to slot {} ({})",
                    state.activeSlot(), versionOf(state), state.bootAttempts(), next.activeSlot(), versionOf(next));
            state = next;
            lastRevertReason = RevertReason.ATTEMPTS_EXHAUSTED.text();
            return BootOutcome.ATTEMPTS_EXHAUSTED;
        }
        // The attempt is on storage before anything of the slot runs: a kill from here on costs it.
        state = state.withAttemptConsumed();
        bootloader.write(state);
        LOG.info("boot: first boot of slot {} ({}), uncommitted, attempt {} of {}, commit_timeout {} s",
                state.activeSlot(), versionOf(state), state.bootCount(), state.bootAttempts(), state.commitTimeout());
        return BootOutcome.FIRST_BOOT;
    }

    /** A start on a committed slot: NORMAL, or AFTER_REVERT once, reporting (and clearing) the revert's reason. */
    private BootOutcome committedStart() throws IOException {
        if (state.revertReason() == null) {
            return BootOutcome.NORMAL;
        }
        lastRevertReason = state.revertReason();
        state = state.withoutRevertReason();
        bootloader.write(state);
        return BootOutcome.AFTER_REVERT;
    }

    /** The launcher's decision as it stands: committed = NORMAL (or AFTER_REVERT), uncommitted = this attempt. */
    private BootOutcome adoptLaunchersDecision() throws IOException {
        BootState found = bootloader.read();
        if (found == null) {
            throw new IOException("no boot state, although CAMEL_OTA_LAUNCHED says a launcher decided this start");
        }
        state = found.withAttemptsIfUnset(attempts);
        if (state.committed()) {
            return committedStart();
        }
        LOG.info("boot: slot {} ({}) started by the launcher, uncommitted, attempt {} of {}",
                state.activeSlot(), versionOf(state), state.bootCount(), state.bootAttempts());
        return BootOutcome.FIRST_BOOT;
    }

    public synchronized BootState state() {
        if (state == null) {
            try {
                BootState found = bootloader.read();
                return found != null ? found.withAttemptsIfUnset(attempts) : BootState.factory(factoryFirmware);
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
        BootState next = state().installed(slot, content, commitTimeoutSeconds, attempts);
        bootloader.write(next);
        state = next;
        LOG.info("boot: slot {} ({}) set active for next boot, uncommitted, {} boot attempts", slot,
                content.version(), attempts);
    }

    /**
     * Commit: true when the uncommitted active slot is now committed. False, writing nothing, when there is
     * nothing to commit (already committed, as the original) or when the active slot has never been
     * started — an install that did not boot yet cannot skip its health window.
     */
    public synchronized boolean commit() throws IOException {
        BootState s = state();
        if (s.committed()) {
            return false;
        }
        if (!s.started()) {
            LOG.warn("boot: commit refused: slot {} ({}) was installed but has not booted yet", s.activeSlot(),
                    versionOf(s));
            return false;
        }
        BootState next = s.commit();
        bootloader.write(next);
        state = next;
        LOG.info("boot: committed slot {} ({})", next.activeSlot(), versionOf(next));
        return true;
    }

    /** Explicit revert ({@link RevertReason#EXPLICIT}); see {@link #revert(RevertReason)}. */
    public synchronized boolean revert() throws IOException {
        return revert(RevertReason.EXPLICIT);
    }

    /**
     * Rejects the uncommitted active slot: the previous slot is active again, committed, and the reason is
     * kept for the status of the next start (which follows the reboot). Returns whether it reverted: false,
     * writing nothing, when the state is committed (nothing to revert to, e.g. a commit raced in) — the
     * caller reboots only on true.
     */
    public synchronized boolean revert(RevertReason reason) throws IOException {
        BootState s = state();
        if (s.committed()) {
            return false;
        }
        BootState next = s.revert(reason.text());
        bootloader.write(next);
        state = next;
        LOG.warn("boot: reverted to slot {} ({}), rejected {}: {}", next.activeSlot(), versionOf(next),
                next.rejected() == null ? "?" : next.rejected().version(), reason.text());
        return true;
    }

    /** A commit_timeout given after the bundle (a multipart field after the file part). */
    public synchronized void setCommitTimeout(int seconds) throws IOException {
        BootState next = state().withCommitTimeout(seconds);
        bootloader.write(next);
        state = next;
    }

    /** Why the revert before (or during) this start happened, when {@link #boot()} reverted or found a revert. */
    public synchronized String lastRevertReason() {
        return lastRevertReason;
    }

    /** {@code boot.attempts}: starts a newly installed slot is granted. */
    public int attempts() {
        return attempts;
    }

    public SlotContent factoryFirmware() {
        return factoryFirmware;
    }

    private static String versionOf(BootState s) {
        SlotContent c = s.activeContent();
        return c == null ? "unknown firmware" : c.version();
    }
}
