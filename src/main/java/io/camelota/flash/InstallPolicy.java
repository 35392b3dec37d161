package io.camelota.flash;

import java.util.List;

import io.camelota.slot.SlotWriter;

/**
 * What the device accepts: its platform, the signature keys and mask (protocol §4.6),
 * whether an older version may be installed, and whether slots are read back after writing.
 *
 * @param platform       device.platform; a bundle for another platform is refused
 * @param keys           update.key0 … update.key7 (Base64 DER public keys; blank = slot unused)
 * @param sigReqMask     update.sig_req_mask: -1 ignore, 0 refuse all, &gt;0 require these bits
 * @param allowDowngrade update.allow_downgrade (true, as the original)
 * @param readBack       flash.read_back_verify: read the slot again after fsync
 * @param fastReadBack   flash.read_back_digest=crc32c: compare a CRC-32C of the slot with the written
 *                       stream's instead of its SHA-256 with the manifest's (about 20 % faster installs)
 */
public record InstallPolicy(String platform, List<String> keys, int sigReqMask, boolean allowDowngrade,
                            boolean readBack, boolean fastReadBack) {

    public InstallPolicy {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** The default read-back: SHA-256 of the slot against the manifest's. */
    public InstallPolicy(String platform, List<String> keys, int sigReqMask, boolean allowDowngrade,
                         boolean readBack) {
        this(platform, keys, sigReqMask, allowDowngrade, readBack, false);
    }

    public SlotWriter.ReadBack readBackMode() {
        return !readBack ? SlotWriter.ReadBack.OFF : fastReadBack ? SlotWriter.ReadBack.CRC32C : SlotWriter.ReadBack.SHA256;
    }
}
