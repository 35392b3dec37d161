package io.camelota.tool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Manifest signatures as mos writes them (protocol doc §4.5): ECDSA P-256 / SHA-256 over the exact manifest.json
 * bytes, DER, standard Base64, kept as {@code sig<n>} in the manifest entry's zip extra field 0x293A.
 */
public final class ManifestSignatures {

    /** Zip extra field header id holding the signatures (bytes 3A 29 on disk). */
    public static final int EXTRA_ID = 0x293A;
    public static final int MAX_SLOTS = 8;
    static final String ALGORITHM = "SHA256withECDSA";

    private ManifestSignatures() {
    }

    /** Base64 DER signature of {@code manifest}; the key must be an EC P-256 key (the only kind devices check). */
    public static String sign(PrivateKey key, byte[] manifest) throws GeneralSecurityException {
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new GeneralSecurityException("sign key must be an EC P-256 (prime256v1) key, got "
                    + key.getAlgorithm());
        }
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(manifest);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** The public key from Base64 DER SubjectPublicKeyInfo — the form update.key0..7 take. */
    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("public key is not Base64: " + e.getMessage(), e);
        }
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }

    /** Whether {@code sigBase64} is a valid signature of {@code manifest}; malformed input just fails (§4.6). */
    public static boolean verify(PublicKey key, String sigBase64, byte[] manifest) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(manifest);
            return s.verify(Base64.getDecoder().decode(sigBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The extra field bytes (header id, LE length, compact JSON), or an empty array when there is nothing. */
    public static byte[] extraField(Map<String, Object> attrs) throws IOException {
        if (attrs.isEmpty()) {
            return new byte[0];
        }
        byte[] json = Json.compact(attrs).getBytes(StandardCharsets.UTF_8);
        if (json.length > 0xFFFF - 4) {
            throw new IOException("signature/extra attributes too long for a zip extra field");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream(json.length + 4);
        o.write(EXTRA_ID & 0xFF);
        o.write(EXTRA_ID >>> 8);
        o.write(json.length & 0xFF);
        o.write(json.length >>> 8);
        o.write(json, 0, json.length);
        return o.toByteArray();
    }

    /** The JSON object of the 0x293A block among a zip entry's extra blocks; empty when there is none. */
    public static Map<String, Object> parseExtraField(byte[] extra) throws IOException {
        if (extra == null) {
            return new LinkedHashMap<>();
        }
        ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
            int id = b.getShort() & 0xFFFF;
            int len = b.getShort() & 0xFFFF;
            if (len > b.remaining()) {
                throw new IOException("malformed zip extra field (block 0x" + Integer.toHexString(id)
                        + " overruns the field)");
            }
            if (id == EXTRA_ID) {
                byte[] json = new byte[len];
                b.get(json);
                return Json.parseObject(json);
            }
            b.position(b.position() + len);
        }
        return new LinkedHashMap<>();
    }
}
