package io.camelota.boot;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot decisions and every write of the boot state: what to do at start, the slot an install is
 * about to write, the switch to a verified slot, commit and revert. The model is U-Boot's bootcount /
 * RAUC's {@code BOOT_x_LEFT}: an install grants the new slot {@code boot.attempts} starts; every start of
 * the uncommitted slot consumes one, written before anything of that slot runs; a start that finds none
 * left reverts. Only three things reject a version ({@link RevertReason}): attempts exhausted, a failed
 * health check, an explicit revert. A kill with attempts left is simply another try.
 *
 * <p>Two stores take part: the {@link BootRecord} (the agent's JSON: what each slot holds, the attempt
 * count, the rejected version) and the {@link BootChooser} (what the bootloader will boot). Each step
 * writes them in the order that keeps a cut between the two safe: the chooser first when a slot is given
 * up (mark bad, revert) or confirmed (commit), the record first when a slot is offered (install). The
 * update lifecycle ({@code io.camelota.lifecycle}) is the only caller of the steps that change state.
 * Methods are synchronized so an HTTP commit and the commit timer cannot interleave.
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
         * a start of the uncommitted slot (any attempt): one attempt has been consumed and written; run it,
         * and commit it once it proves healthy within the commit window or revert it if it does not
         */
        TRIAL,
        /** the uncommitted slot had no attempts left: reverted to the previous slot now, run that one */
        ATTEMPTS_EXHAUSTED,
        /** committed firmware, first start after a revert: {@link #lastRevertReason()} says why */
        AFTER_REVERT
    }

    private final BootRecord record;
    private final BootChooser chooser;
    private final SlotContent factoryFirmware;
    private final int attempts;
    private BootState state;
    private String lastRevertReason;
    private boolean decidedByLauncher;

    public BootControl(BootRecord record, SlotContent factoryFirmware) {
        this(record, factoryFirmware, DEFAULT_ATTEMPTS);
    }

    /** The agent is the bootloader (file backend). */
    public BootControl(BootRecord record, SlotContent factoryFirmware, int attempts) {
        this(record, BootChooser.AGENT, factoryFirmware, attempts);
    }

    /** @param attempts starts granted to a newly installed slot before it must be committed (at least 1) */
    public BootControl(BootRecord record, BootChooser chooser, SlotContent factoryFirmware, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("boot.attempts: must be at least 1, got " + attempts);
        }
        this.record = record;
        this.chooser = chooser;
        this.factoryFirmware = factoryFirmware;
        this.attempts = attempts;
    }

    /**
     * The boot decision, made once per start (of the agent, or of the application a supervisor runs)
     * before anything of the active slot runs. Contract:
     * <ul>
     *   <li>no state yet: the factory state (slot 0, committed) is written; {@link BootOutcome#NORMAL};</li>
     *   <li>committed: {@link BootOutcome#NORMAL}, or {@link BootOutcome#AFTER_REVERT} on the first start
     *       after a revert (the reason is then cleared from the state);</li>
     *   <li>uncommitted with attempts left: one attempt is consumed in ONE atomic write, then
     *       {@link BootOutcome#TRIAL}: the caller runs the slot and must commit or revert it; if the
     *       caller dies instead, the next {@code boot()} tries again;</li>
     *   <li>uncommitted, no attempts left: reverted to the previous slot (reason
     *       {@link RevertReason#ATTEMPTS_EXHAUSTED}), {@link BootOutcome#ATTEMPTS_EXHAUSTED}.</li>
     * </ul>
     * With a real bootloader the record first follows what booted ({@link WhatBooted}). Afterwards
     * {@link #state()}{@code .activeSlot()} is the slot to run. An invalid state on storage throws
     * {@link BootStateException} and writes nothing.
     */
    public synchronized BootOutcome boot() throws IOException {
        if (decidedByLauncher) {
            return adoptLaunchersDecision();
        }
        BootState found = new WhatBooted(record, chooser, attempts).follow(record.read());
        if (found == null) {
            state = BootState.factory(factoryFirmware);
            record.write(state);
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
            chooser.reject(state.activeSlot(), next.activeSlot(), attempts);
            record.write(next);
            LOG.warn("boot: slot {} ({}) used all {} boot attempts without a commit: reverted to slot {} ({})",
                    state.activeSlot(), versionOf(state), state.bootAttempts(), next.activeSlot(), versionOf(next));
            state = next;
            lastRevertReason = RevertReason.ATTEMPTS_EXHAUSTED.text();
            return BootOutcome.ATTEMPTS_EXHAUSTED;
        }
        // The attempt is on storage before anything of the slot runs: a kill from here on costs it.
        state = state.withAttemptConsumed();
        record.write(state);
        LOG.info("boot: trial boot of slot {} ({}), uncommitted, attempt {} of {}, commit_timeout {} s",
                state.activeSlot(), versionOf(state), state.bootCount(), state.bootAttempts(), state.commitTimeout());
        return BootOutcome.TRIAL;
    }

    /**
     * The start-up check, reading without changing anything: the stored record is valid and, with a real
     * bootloader, its environment is readable and the kernel command line names a slot (a blank or corrupt
     * environment stops the start with one line, exit 3, instead of failing the first boot decision).
     */
    public synchronized void verify() throws IOException {
        record.read();
        chooser.primary();
        chooser.bootedSlot();
    }

    /**
     * This agent runs inside an application that the {@code launch} launcher started: the launcher
     * has made this start's boot decision and consumed its attempt already, so {@link #boot()} only
     * adopts it — a second consumption would spend two attempts per start.
     */
    public synchronized void decidedByLauncher(boolean launched) {
        this.decidedByLauncher = launched;
    }

    /** A start on a committed slot: NORMAL, or AFTER_REVERT once, reporting (and clearing) the revert's reason. */
    private BootOutcome committedStart() throws IOException {
        if (state.revertReason() == null) {
            return BootOutcome.NORMAL;
        }
        lastRevertReason = state.revertReason();
        state = state.withoutRevertReason();
        record.write(state);
        return BootOutcome.AFTER_REVERT;
    }

    /** The launcher's decision as it stands: committed = NORMAL (or AFTER_REVERT), uncommitted = this attempt. */
    private BootOutcome adoptLaunchersDecision() throws IOException {
        BootState found = record.read();
        if (found == null) {
            throw new IOException("no boot state, although CAMEL_OTA_LAUNCHED says a launcher decided this start");
        }
        state = found.withAttemptsIfUnset(attempts);
        if (state.committed()) {
            return committedStart();
        }
        LOG.info("boot: slot {} ({}) started by the launcher, uncommitted, attempt {} of {}",
                state.activeSlot(), versionOf(state), state.bootCount(), state.bootAttempts());
        return BootOutcome.TRIAL;
    }

    public synchronized BootState state() {
        if (state == null) {
            try {
                BootState found = record.read();
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

    /**
     * An install is about to write {@code slot}: before its first byte the slot leaves the bootloader's
     * choice (marked bad, out of the boot order) and the record forgets what it held. A kill at any later
     * instant leaves a slot no bootloader falls back to; only {@link #installed} makes it bootable again.
     */
    public synchronized void beginWrite(int slot) throws IOException {
        BootState s = state();
        if (!s.committed() || slot == s.activeSlot()) {
            throw new IllegalStateException("slot " + slot + " cannot be written: it is the running or trial slot");
        }
        if (s.writingSlot() != null && s.writingSlot() == slot && !s.slots().containsKey(slot)) {
            chooser.markBad(slot);  // again after a restart: an environment reset may have re-added it
            return;
        }
        chooser.markBad(slot);
        BootState next = s.writing(slot);
        record.write(next);
        state = next;
        LOG.info("boot: slot {} marked bad before it is written", chooser.slotName(slot));
    }

    /** Switches the next boot to {@code slot}; called only after every byte is written, synced and verified. */
    public synchronized void installed(int slot, SlotContent content, int commitTimeoutSeconds) throws IOException {
        BootState prev = state();
        BootState next = prev.installed(slot, content, commitTimeoutSeconds, attempts);
        record.write(next);
        try {
            chooser.setPrimary(slot, attempts);
        } catch (IOException e) {
            // the bootloader did not take it: neither does the record
            record.write(prev);
            throw e;
        }
        state = next;
        LOG.info("boot: slot {} ({}) set active for next boot, uncommitted, {} boot attempts", slot,
                content.version(), attempts);
    }

    /**
     * Commit: true when the uncommitted active slot is now committed. False, writing nothing, when there is
     * nothing to commit (already committed, as the original) or when the active slot has never been
     * started — an install that did not boot yet cannot skip its health window. A failed write throws and
     * changes nothing in memory: the caller may try again.
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
        chooser.markGood(next.activeSlot(), attempts);
        record.write(next);
        state = next;
        LOG.info("boot: committed slot {} ({})", next.activeSlot(), versionOf(next));
        return true;
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
        chooser.reject(s.activeSlot(), next.activeSlot(), attempts);
        record.write(next);
        state = next;
        LOG.warn("boot: reverted to slot {} ({}), rejected {}: {}", next.activeSlot(), versionOf(next),
                next.rejected() == null ? "?" : io.camelota.status.SafeText.of(next.rejected().version()), reason.text());
        return true;
    }

    /** A commit_timeout given after the bundle (a multipart field after the file part). */
    public synchronized void setCommitTimeout(int seconds) throws IOException {
        BootState next = state().withCommitTimeout(seconds);
        record.write(next);
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

    /** Which bootloader decides (for the start summary and messages). */
    public BootChooser chooser() {
        return chooser;
    }

    private static String versionOf(BootState s) {
        SlotContent c = s.activeContent();
        // a version comes from a bundle's manifest: outside text, escaped before it reaches the log
        return c == null ? "unknown firmware" : io.camelota.status.SafeText.of(c.version());
    }
}
