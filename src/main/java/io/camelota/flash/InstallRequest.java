package io.camelota.flash;

import io.camelota.download.DownloadOrigin;

import java.io.InputStream;

/**
 * One bundle to install.
 *
 * @param body              the bundle bytes, read once, front to back
 * @param contentLength     total size when the sender said it (for progress), else null
 * @param ignoreSameVersion a polled update skips a bundle of the running version and build
 * @param commitTimeout     seconds the new firmware gets after its first boot to be committed
 * @param attemptId         the single-flight owner (an exchange id)
 * @param origin            where an HTTP body comes from (null: an upload, never checkpointed)
 * @param resume            non-null: {@code body} is the rest of that broken download, from its offset on
 * @param gate              null, or what may still refuse the offer once its manifest is read (a staged rollout)
 */
public record InstallRequest(InputStream body, Long contentLength, boolean ignoreSameVersion, int commitTimeout,
                             String attemptId, DownloadOrigin origin, DownloadCheckpoint resume, OfferGate gate) {

    public InstallRequest(InputStream body, Long contentLength, boolean ignoreSameVersion, int commitTimeout,
                          String attemptId, DownloadOrigin origin, DownloadCheckpoint resume) {
        this(body, contentLength, ignoreSameVersion, commitTimeout, attemptId, origin, resume, null);
    }

    public InstallRequest(InputStream body, Long contentLength, boolean ignoreSameVersion, int commitTimeout,
                          String attemptId) {
        this(body, contentLength, ignoreSameVersion, commitTimeout, attemptId, null, null, null);
    }

    /** Bundle bytes an earlier attempt already received (0 unless resuming). */
    public long resumeOffset() {
        return resume == null ? 0 : resume.offset();
    }
}
