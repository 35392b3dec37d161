package io.camelota.flash;

import io.camelota.download.AbortableBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.BundleLimits;
import io.camelota.bundle.BundleReader;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestChecks;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;
import io.camelota.bundle.ResumePoint;
import io.camelota.bundle.SignatureVerifier;
import io.camelota.delta.DeltaHook;
import io.camelota.delta.DeltaUpdates;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.slot.SlotException;
import io.camelota.slot.SlotLayout;
import io.camelota.slot.SlotWriter;
import io.camelota.status.DeliberateRefusal;
import io.camelota.status.SafeText;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs one bundle into the inactive slot (no Camel here; the flash: producer calls it).
 * The order is what keeps a device safe: manifest checks and signatures before the first part byte;
 * parts streamed, hashed and size-checked in the same pass; every slot synced and read back;
 * only then one atomic boot-state write makes the new slot the next boot. Before the first byte the
 * target slot leaves the bootloader's choice, so a half-written slot is never a fallback.
 */
public final class Installer {

    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);

    /** Manifest fields and entry names are the bundle author's text: escaped before they reach a log line. */
    private static String safe(String outside) {
        return SafeText.of(outside);
    }
    /** Bundle bytes between two resume checkpoints unless told otherwise (update.checkpoint_bytes' default too). */
    public static final long DEFAULT_CHECKPOINT_BYTES = 128L << 20;

    private final UpdateLifecycle lifecycle;
    private final BootControl boot;
    private final StatusBoard board;
    private final SlotLayout slots;
    private final InstallPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final long inactivityTimeoutSeconds;
    private final CheckpointStore checkpoints;
    private final long checkpointBytes;
    /** null: every install streams the whole bundle */
    private DeltaInstaller delta;

    public Installer(UpdateLifecycle lifecycle, StatusBoard board, SlotLayout slots, InstallPolicy policy,
                     ScheduledExecutorService scheduler, long inactivityTimeoutSeconds) {
        this(lifecycle, board, slots, policy, scheduler, inactivityTimeoutSeconds, CheckpointStore.NONE,
                DEFAULT_CHECKPOINT_BYTES);
    }

    /** {@code checkpointBytes}: bundle bytes between two checkpoints of a broken download. */
    public Installer(UpdateLifecycle lifecycle, StatusBoard board, SlotLayout slots, InstallPolicy policy,
                     ScheduledExecutorService scheduler, long inactivityTimeoutSeconds, CheckpointStore checkpoints,
                     long checkpointBytes) {
        this.lifecycle = lifecycle;
        this.checkpoints = checkpoints;
        this.checkpointBytes = checkpointBytes;
        this.boot = lifecycle.bootControl();
        this.board = board;
        this.slots = slots;
        this.policy = policy;
        this.scheduler = scheduler;
        this.inactivityTimeoutSeconds = inactivityTimeoutSeconds;
    }

    /** Downloaded bundles that carry chunk indexes are then built from the active slot and HTTP ranges. */
    public Installer withDelta(DeltaUpdates delta) {
        this.delta = delta == null ? null : new DeltaInstaller(delta, slots, board);
        return this;
    }

    /**
     * Installs or refuses; a refusal is an {@link UpdateFailure} carrying the user-visible message.
     * The installer owns the body: whatever the outcome it is ended here, aborted rather than
     * drained when it is an HTTP response (nothing after the decision is read), closed otherwise
     * (an upload's temp file gives its disk blocks back).
     */
    public InstallResult install(InstallRequest request) {
        try {
            return installBody(request, delta != null);
        } finally {
            AbortableBody.end(request.body());
        }
    }

    private InstallResult installBody(InstallRequest request, boolean mayDelta) {
        if (!boot.isCommitted()) {
            throw new UpdateFailure(-1, "Previous update has not been committed yet");
        }
        BootState before = boot.state();
        int target = before.inactiveSlot();
        DownloadCheckpoint resume = request.resume();
        if (resume == null || resume.targetSlot() != target || resume.activeSlot() != before.activeSlot()) {
            // a fresh install overwrites the slot an older checkpoint points into
            checkpoints.delete();
            if (resume != null) {
                throw new UpdateFailure(-1, "Cannot resume: the boot state changed since the download broke");
            }
        }
        board.progress(request.attemptId(), resume == null ? "Downloading" : "Resuming at byte " + resume.offset());
        InputStream raw = request.body();
        if (raw == null) {
            throw new UpdateFailure(-1, "Empty bundle");
        }
        try (InactivityWatchdog watchdog = new InactivityWatchdog(scheduler, inactivityTimeoutSeconds, raw).start()) {
            ProgressStream in = new ProgressStream(raw, board, request.attemptId(), request.contentLength(), watchdog,
                    request.resumeOffset());
            Session session = new Session(before, target, request, new Checkpointer(checkpoints, request.origin(),
                    checkpointBytes, before.activeSlot(), target, request.contentLength(), request.resumeOffset()));
            boolean keepCheckpoint = false;
            try {
                BundleReader reader = new BundleReader(BundleLimits.defaults().withMaxEntrySize(slots.largestCapacity()));
                if (resume == null) {
                    // delta only where the server has shown it serves ranges of this bundle (a 206 to the check's head)
                    reader.read(in, mayDelta && request.origin() != null && request.origin().servesRanges()
                            ? delta.hook(session, request, before) : session);
                } else {
                    reader.resume(in, resume.manifest(), resume.point(), session);
                }
            } catch (DeltaHook.Ready ready) {
                return delta.install(ready.run(), session, in.received(), request, r -> installBody(r, false));
            } catch (IOException e) {
                session.abandon();
                if (e instanceof SlotException) {
                    throw new UpdateFailure(-1, e.getMessage(), e);
                }
                // only a broken download keeps its checkpoint: the next check resumes it
                keepCheckpoint = true;
                // a read that timed out (update.timeout / 2, after the resumes) or the watchdog (update.timeout): one outcome
                boolean timedOut = watchdog.expired() || e instanceof java.net.SocketTimeoutException;
                throw new UpdateFailure(-1, timedOut ? "Update timed out" : "Download failed: " + e.getMessage(), e);
            } catch (BundleException e) {
                session.abandon();
                throw session.deliberate ? new DeliberateRefusal(e.getMessage(), e)
                        : new UpdateFailure(-1, e.getMessage(), e);
            } catch (RuntimeException e) {
                session.abandon();
                throw e;
            } finally {
                if (!keepCheckpoint) {
                    checkpoints.delete();
                }
            }
            if (session.sameVersion) {
                return InstallResult.sameVersion(session.manifest.version());
            }
            // The boot state switches first: whatever the trailer does, the verified install stands.
            InstallResult result = session.finalizeInstall(in.received());
            in.drainTrailer(request.contentLength());
            return result;
        }
    }

    /** One install's progress through the bundle: which part goes where, what was written. */
    private final class Session implements DeltaInstaller.Session {
        private final BootState before;
        private final int target;
        private final InstallRequest request;
        private final Map<String, SlotWriter> open = new HashMap<>();
        private final Checkpointer checkpointer;
        private Manifest manifest;
        private boolean sameVersion;
        /** the refusal is the device's policy about a valid bundle, not a fault (see DeliberateRefusal) */
        private boolean deliberate;
        private SlotContent appWritten;
        private SlotWriter current;
        private boolean targetMarkedBad;

        Session(BootState before, int target, InstallRequest request, Checkpointer checkpointer) {
            this.before = before;
            this.target = target;
            this.request = request;
            this.checkpointer = checkpointer;
        }

        @Override
        public boolean onManifest(Manifest m) throws BundleException {
            manifest = m;
            ManifestChecks.requirePlatform(m, policy.platform());
            SlotContent running = before.activeContent();
            if (request.ignoreSameVersion() && running != null
                    && ManifestChecks.isSameVersion(m, running.version(), running.buildId())) {
                sameVersion = true;
                return false;
            }
            SlotContent rejected = before.rejected();
            if (request.ignoreSameVersion() && rejected != null
                    && ManifestChecks.isSameVersion(m, rejected.version(), rejected.buildId())) {
                // A polled update that already failed its commit window would otherwise be
                // installed and rolled back on every poll, wearing the flash; an explicit upload may retry it.
                deliberate = true;
                throw new BundleException(DeliberateRefusal.ROLLED_BACK);
            }
            if (request.gate() != null) {
                // before signatures and slot: a deferred offer costs the manifest's bytes only
                request.gate().admit(m);
            }
            int sigs = SignatureVerifier.verify(m.rawBytes(), m.extraAttributes(), policy.keys());
            board.signatures(request.attemptId(), sigs);
            LOG.info("bundle {} {} {} for {}: signatures verified mask 0x{} (required {})", safe(m.name()),
                    safe(m.version()), safe(m.buildId()), safe(m.platform()), Integer.toHexString(sigs), policy.sigReqMask());
            SignatureVerifier.enforce(sigs, policy.sigReqMask());
            if (!policy.allowDowngrade() && running != null) {
                refuseDowngrade(m, running);
            }
            ManifestPart app = appPart(m).orElseThrow(() -> new BundleException("Incomplete update package"));
            long capacity = appSlotCapacity();
            if (app.size() != null && app.size() > capacity) {
                throw new BundleException("Part too large for slot: " + app.size() + " > " + capacity + " bytes");
            }
            board.progress(request.attemptId(), request.resume() == null ? "Writing slot " + target
                    : "Resuming at byte " + request.resume().offset() + ", writing slot " + target);
            return true;
        }

        /** Older, or not orderable against the running version (see VersionOrder): refused, never guessed. */
        private void refuseDowngrade(Manifest m, SlotContent running) throws BundleException {
            if (!VersionOrder.orderable(m.version()) || !VersionOrder.orderable(running.version())) {
                deliberate = true;
                throw new BundleException(DeliberateRefusal.orderUnknown(m.version(), running.version()).getMessage());
            }
            if (VersionOrder.compare(m.version(), m.buildId(), running.version(), running.buildId()) < 0) {
                deliberate = true;
                throw new BundleException(DeliberateRefusal.DOWNGRADE);
            }
        }

        private long appSlotCapacity() throws BundleException {
            try {
                return slots.capacity(slots.appSlot(target));
            } catch (IOException e) {
                throw new BundleException("Cannot read the size of slot " + target + ": " + e.getMessage());
            }
        }

        @Override
        public PartSink onFileStart(String name, Optional<ManifestPart> part) throws IOException {
            if (part.isEmpty()) {
                LOG.info("skip {}: not a part of the manifest", safe(name));
                return null;
            }
            Optional<Path> dest = destination(part.get());
            if (dest.isEmpty()) {
                LOG.info("skip {} (part {} of type {}): no slot for it on this device", safe(name),
                        safe(part.get().name()), safe(part.get().type()));
                return null;
            }
            markTargetBad();
            // the read-back overlaps the download: each range is proven on the medium while the next streams
            SlotWriter writer = SlotWriter.open(dest.get(), slots.capacity(dest.get()), part.get().size(), policy.readBackMode());
            open.put(name, writer);
            current = writer;
            LOG.info("writing {} to {}", safe(name), dest.get());
            return writer;
        }

        @Override
        public void onStoredProgress(ResumePoint point) throws IOException {
            checkpointer.progress(manifest, point, current);
        }

        @Override
        public PartSink onFileResume(String name, Optional<ManifestPart> part, long delivered, PartSink prefix)
                throws BundleException, IOException {
            markTargetBad();
            restoreWritten();
            Optional<Path> dest = part.flatMap(this::destination);
            if (dest.isEmpty()) {
                return null;
            }
            // re-hash the written prefix: the reader rebuilds SHA-256 and CRC-32 from what the slot holds
            SlotWriter writer = SlotWriter.resume(dest.get(), slots.capacity(dest.get()), part.get().size(), delivered, prefix,
                    policy.readBackMode());
            open.put(name, writer);
            current = writer;
            LOG.info("resuming {} of {} in {} after {} bytes", safe(name), safe(request.resume().url()), dest.get(),
                    delivered);
            return writer;
        }

        /** Before the first byte to the target: out of the bootloader's choice (once per install). */
        private void markTargetBad() throws IOException {
            if (targetMarkedBad) {
                return;
            }
            try {
                lifecycle.writing(target);
            } catch (IOException | IllegalStateException e) {
                throw new SlotException("Cannot take slot " + target + " out of the boot order before writing it: "
                        + e.getMessage());
            }
            targetMarkedBad = true;
        }

        /** Parts a broken attempt completed: proven again from their slots before they count. */
        private void restoreWritten() throws BundleException, IOException {
            for (DownloadCheckpoint.WrittenPart w : request.resume().written()) {
                ManifestPart part = manifest.partForFile(w.name())
                        .orElseThrow(() -> new BundleException("Cannot resume " + w.name()));
                Path dest = destination(part).orElseThrow(() -> new BundleException("Cannot resume " + w.name()));
                partDone(w.name(), w.size(), w.verify(dest, part.sha256()));
            }
        }

        @Override
        public void onFileEnd(String name, long size, String sha256Hex) throws IOException {
            SlotWriter writer = open.remove(name);
            if (writer == null) {
                return;
            }
            // the end of the streaming phase (bench/ splits an install's time here)
            LOG.info("{}: {} bytes streamed, syncing and finishing the read-back", safe(name), size);
            writer.finish(sha256Hex, policy.readBackMode());
            partDone(name, size, sha256Hex);
            LOG.info("{}: {} bytes written and verified, sha256 {}", safe(name), size, sha256Hex);
        }

        private void partDone(String name, long size, String sha256Hex) {
            ManifestPart part = manifest.partForFile(name).orElseThrow();
            if (isApp(part)) {
                appWritten = new SlotContent(manifest.name(), manifest.platform(), manifest.version(),
                        manifest.buildId(), sha256Hex, size);
            }
            checkpointer.partWritten(name, size, sha256Hex);
        }

        /** Commit point: the only write that makes the new slot bootable. */
        @Override
        public InstallResult finalizeInstall(long received) {
            if (appWritten == null) {
                throw new UpdateFailure(-1, "Incomplete update package");
            }
            try {
                lifecycle.installed(target, appWritten, request.commitTimeout());
            } catch (IOException e) {
                throw new UpdateFailure(-1, "Cannot save update status", e);
            }
            LOG.info("installed {} {} into slot {} ({} bundle bytes)", safe(manifest.name()), safe(manifest.version()), target,
                    received);
            return InstallResult.applied(target, manifest.version());
        }

        @Override
        public void abandon() {
            for (SlotWriter w : open.values()) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // the slot stays unbootable whatever its content
                }
            }
            open.clear();
        }

        @Override
        public Optional<Path> destination(ManifestPart part) {
            if (isApp(part)) {
                return Optional.of(slots.appSlot(target));
            }
            if ("fs".equals(part.type())) {
                return slots.fsSlot(target);
            }
            return Optional.empty();
        }
    }

    /** The part a device installs into its app slot: the first of type app (or named app) with a src. */
    public static Optional<ManifestPart> appPart(Manifest m) {
        return m.parts().values().stream().filter(Installer::isApp).filter(p -> p.src() != null).findFirst();
    }

    static boolean isApp(ManifestPart p) {
        return "app".equals(p.type()) || (p.type() == null && "app".equals(p.name()));
    }
}
