package io.camelota.tool;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

import io.camelota.bundle.SignatureVerifier;

/**
 * Making manifest signatures as mos writes them (protocol doc §4.5): ECDSA P-256 / SHA-256 over the exact
 * manifest.json bytes, DER, standard Base64, kept as {@code sig<n>} in the manifest entry's 0x293A extra field
 * ({@link io.camelota.bundle.ExtraField}). Checking them is the device's {@link SignatureVerifier}'s job alone.
 */
final class ManifestSignatures {

    static final String ALGORITHM = "SHA256withECDSA";

    private ManifestSignatures() {
    }

    /** Base64 DER signature of {@code manifest}; the key must be on P-256, the curve devices check for. */
    static String sign(PrivateKey key, byte[] manifest) throws GeneralSecurityException {
        if (!SignatureVerifier.isP256(key)) {
            throw new GeneralSecurityException("sign key must be an EC P-256 (prime256v1) key, got "
                    + key.getAlgorithm());
        }
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(manifest);
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
