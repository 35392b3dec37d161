package io.camelota.flash;

import java.io.InputStream;

/**
 * One bundle to install.
 *
 * @param body              the bundle bytes, read once, front to back
 * @param contentLength     total size when the sender said it (for progress), else null
 * @param ignoreSameVersion a polled update skips a bundle of the running version and build
 * @param commitTimeout     seconds the new firmware gets after its first boot to be committed
 * @param attemptId         the single-flight owner (an exchange id)
 */
public record InstallRequest(InputStream body, Long contentLength, boolean ignoreSameVersion, int commitTimeout,
                             String attemptId) {
}
