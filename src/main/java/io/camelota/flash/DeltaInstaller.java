package io.camelota.flash;

import io.camelota.download.AbortableBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.ManifestPart;
import io.camelota.delta.DeltaException;
import io.camelota.delta.DeltaHook;
import io.camelota.delta.DeltaRun;
import io.camelota.delta.DeltaUnsupported;
import io.camelota.delta.DeltaUpdates;
import io.camelota.slot.SlotException;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installer's side of a delta update (io.camelota.delta does the work): which slots a part's chunks go to
 * and come from, and what a delta's outcome means for the install — the session's own finish (read-back, boot
 * switch), an error, or a full download when ranges cannot be used.
 */
final class DeltaInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaInstaller.class);

    /** What a delta needs of an install session. */
    interface Session extends BundleHandler {
        Optional<Path> destination(ManifestPart part);

        void abandon();

        InstallResult finalizeInstall(long received);
    }

    private final DeltaUpdates delta;
    private final SlotLayout slots;
    private final StatusBoard board;

    DeltaInstaller(DeltaUpdates delta, SlotLayout slots, StatusBoard board) {
        this.delta = delta;
        this.slots = slots;
        this.board = board;
    }

    /** The handler the bundle reader drives for a downloaded bundle: the session, behind the delta hook. */
    BundleHandler hook(Session session, InstallRequest request, BootState before) {
        return delta.hook(session, new DeltaHook.Slots() {
            @Override
            public Optional<Path> target(ManifestPart part) {
                return session.destination(part);
            }

            @Override
            public DeltaHook.ActiveSlot active(ManifestPart part) throws IOException {
                boolean app = Installer.isApp(part);
                Optional<Path> slot = app ? Optional.of(slots.appSlot(before.activeSlot()))
                        : "fs".equals(part.type()) ? slots.fsSlot(before.activeSlot()) : Optional.empty();
                if (slot.isEmpty() || !Files.exists(slot.get())) {
                    return null;
                }
                SlotContent running = app ? before.activeContent() : null;
                long bytes = running != null && running.size() != null ? running.size() : slots.capacity(slot.get());
                return new DeltaHook.ActiveSlot(slot.get(), bytes, running == null ? null : running.sha256());
            }
        }, request.origin(), request.contentLength(), before.activeSlot(), before.inactiveSlot(), board,
                request.attemptId());
    }

    /**
     * The body delivered the manifest and the chunk indexes and is cut off; the parts are built from the active
     * slot and HTTP ranges through the same session (sinks, read-back, boot switch). When ranges turn out not to
     * work, the bundle is downloaded again in full and given to {@code fullInstall}.
     */
    InstallResult install(DeltaRun run, Session session, long received, InstallRequest request,
                          Function<InstallRequest, InstallResult> fullInstall) {
        AbortableBody.end(request.body());
        DeltaRun.Outcome outcome;
        try {
            outcome = run.install(session, received);
        } catch (DeltaUnsupported e) {
            session.abandon();
            LOG.info("delta not possible ({}): downloading the whole bundle", e.getMessage());
            return installFull(run, request, fullInstall);
        } catch (DeltaException | BundleException | SlotException e) {
            session.abandon();
            throw new UpdateFailure(-1, e.getMessage(), e);
        } catch (IOException e) {
            session.abandon();
            throw new UpdateFailure(-1, "Download failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.abandon();
            throw e;
        }
        return session.finalizeInstall(outcome.networkBytes());
    }

    private static InstallResult installFull(DeltaRun run, InstallRequest request,
                                             Function<InstallRequest, InstallResult> fullInstall) {
        InputStream full;
        try {
            full = run.openFull();
        } catch (IOException e) {
            throw new UpdateFailure(-1, "Download failed: " + e.getMessage(), e);
        }
        try {
            return fullInstall.apply(new InstallRequest(full, null, request.ignoreSameVersion(),
                    request.commitTimeout(), request.attemptId(), request.origin(), null));
        } finally {
            AbortableBody.end(full);
        }
    }
}
