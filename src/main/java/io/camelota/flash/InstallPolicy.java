package io.camelota.flash;

import java.util.List;

/**
 * What the device accepts: its platform, the signature keys and mask (protocol §4.6),
 * whether an older version may be installed, and whether slots are read back after writing.
 *
 * @param platform       device.platform; a bundle for another platform is refused
 * @param keys           update.key0 … update.key7 (Base64 DER public keys; blank = slot unused)
 * @param sigReqMask     update.sig_req_mask: -1 ignore, 0 refuse all, &gt;0 require these bits
 * @param allowDowngrade update.allow_downgrade (true, as the original)
 * @param readBack       flash.read_back_verify: hash the slot again after fsync
 */
public record InstallPolicy(String platform, List<String> keys, int sigReqMask, boolean allowDowngrade,
                            boolean readBack) {

    public InstallPolicy {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }
}
