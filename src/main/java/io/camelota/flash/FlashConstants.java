package io.camelota.flash;

import io.camelota.download.DownloadOrigin;

import org.apache.camel.spi.Metadata;

/** Headers the flash: producer reads and sets. */
public final class FlashConstants {

    @Metadata(description = "Seconds the new firmware has after its first boot to be committed (overrides the endpoint option).",
              javaType = "Integer")
    public static final String COMMIT_TIMEOUT = "CamelFlashCommitTimeout";
    @Metadata(description = "Skip a bundle whose version and build id equal the running firmware's (overrides the endpoint option).",
              javaType = "Boolean")
    public static final String IGNORE_SAME_VERSION = "CamelFlashIgnoreSameVersion";
    @Metadata(description = "Bundle size in bytes when known, for progress (the HTTP Content-Length).", javaType = "Long")
    public static final String CONTENT_LENGTH = "Content-Length";
    @Metadata(description = "Where an HTTP body comes from (final URL and If-Range validator): lets a broken download checkpoint.",
              javaType = "io.camelota.download.DownloadOrigin")
    public static final String ORIGIN = "CamelFlashOrigin";
    @Metadata(description = "The body is the rest of this broken download (a 206 from its offset on).",
              javaType = "io.camelota.flash.DownloadCheckpoint")
    public static final String RESUME = "CamelFlashResume";
    @Metadata(description = "May still refuse the offer once its manifest is read (a staged rollout), before any slot byte.",
              javaType = "io.camelota.flash.OfferGate")
    public static final String GATE = "CamelFlashOfferGate";

    @Metadata(description = "Result code: 1 on success (installed, or same version).", javaType = "Integer")
    public static final String RESULT = "CamelFlashResult";
    @Metadata(description = "The status message, e.g. 'Update applied, finalizing'.", javaType = "String")
    public static final String MESSAGE = "CamelFlashMessage";
    @Metadata(description = "true when a new slot was installed and the device must reboot into it.", javaType = "Boolean")
    public static final String REBOOT_REQUIRED = "CamelFlashRebootRequired";
    @Metadata(description = "The slot that was written (absent when nothing was written).", javaType = "Integer")
    public static final String SLOT = "CamelFlashSlot";
    @Metadata(description = "The version that was installed or found to be the same.", javaType = "String")
    public static final String VERSION = "CamelFlashVersion";

    private FlashConstants() {
    }
}
