package io.camelota.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import io.camelota.pem.PemFiles;

/** Reads the update.ssl_* PEM files; every failure is an IllegalArgumentException naming the key and the file. */
final class TlsFiles {

    private TlsFiles() {
    }

    /** The CERTIFICATE blocks of a PEM file (other blocks, such as a key after the certificate, are skipped). */
    static List<X509Certificate> certificates(String configKey, String file) {
        try {
            return PemFiles.readCertificates(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw unreadable(configKey, file, e);
        }
    }

    static PrivateKey privateKey(String configKey, String file) {
        try {
            return PemFiles.readPrivateKey(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw unreadable(configKey, file, e);
        }
    }

    private static IllegalArgumentException unreadable(String configKey, String file, Exception e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        return new IllegalArgumentException(configKey + ": cannot read " + file + ": " + why, e);
    }

    /** A signature made with the key verifies with the certificate's public key: they are one pair. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return true;   // unknown kind: leave the verdict to the handshake
        }
        try {
            byte[] probe = "camel-ota key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;  // e.g. an EC key with an RSA certificate
        }
    }
}
