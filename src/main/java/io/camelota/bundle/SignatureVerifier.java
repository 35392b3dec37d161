package io.camelota.bundle;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Manifest signatures (protocol §4.5–4.6): ECDSA P-256 over SHA-256 of the exact manifest bytes, DER signatures
 * in Base64 stored as {@code sig0..sig7} in the manifest entry's extra attributes.
 */
public final class SignatureVerifier {

    /** Slots sig0..sig7: the result is an 8-bit mask. */
    public static final int MAX_SLOTS = 8;

    private static final BigInteger P256_ORDER = p256Order();

    private SignatureVerifier() {
    }

    /**
     * keys: index n -> Base64 DER SubjectPublicKeyInfo (null/blank = slot empty). Returns a bitmask, bit n set
     * iff key n is present, sig n is present and it verifies. A malformed key or signature just fails that bit.
     */
    public static int verify(byte[] manifestBytes, Map<String, String> extraAttributes, List<String> keys) {
        int result = 0;
        if (manifestBytes == null || extraAttributes == null || keys == null) {
            return 0;
        }
        for (int n = 0; n < Math.min(keys.size(), MAX_SLOTS); n++) {
            String key = keys.get(n);
            String sig = extraAttributes.get("sig" + n);
            if (key == null || key.isBlank() || sig == null || sig.isBlank()) {
                continue;
            }
            if (verifyOne(manifestBytes, key, sig)) {
                result |= 1 << n;
            }
        }
        return result;
    }

    /**
     * sig_req_mask semantics: mask &lt; 0 -> accept; mask == 0 -> reject everything (tombstone);
     * otherwise all bits of the mask must be set in the result.
     */
    public static void enforce(int result, int sigReqMask) throws BundleException {
        if (sigReqMask < 0) {
            return;
        }
        if (sigReqMask == 0 || (result & sigReqMask) != sigReqMask) {
            throw new BundleException("Signature check failed");
        }
    }

    private static boolean verifyOne(byte[] data, String keyB64, String sigB64) {
        try {
            PublicKey key = parseKey(keyB64);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(Base64.getDecoder().decode(sigB64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A key as update.key0..7 hold it: Base64 DER SubjectPublicKeyInfo, possibly wrapped over lines, on P-256.
     * Whatever else throws, saying which: a key on another curve an {@link InvalidKeyException}.
     */
    public static PublicKey parseKey(String base64) throws GeneralSecurityException {
        byte[] der;
        try {
            // keys come from config files, possibly wrapped: the MIME decoder skips line breaks
            der = Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("public key is not Base64: " + e.getMessage(), e);
        }
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        if (!isP256(key)) {
            // the protocol is P-256 only; another curve is a misconfiguration, not a pass
            throw new InvalidKeyException("public key is not an EC P-256 (prime256v1) key");
        }
        return key;
    }

    /** Whether a public or private key is on P-256, the only curve of the protocol (signers check it too). */
    public static boolean isP256(Key key) {
        return key instanceof ECKey ec && isP256(ec.getParams());
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null && P256_ORDER.equals(params.getOrder()) && params.getCofactor() == 1;
    }

    private static BigInteger p256Order() {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            return ap.getParameterSpec(ECParameterSpec.class).getOrder();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secp256r1 is a mandatory JDK curve", e);
        }
    }
}
