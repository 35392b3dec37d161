package io.camelota.pem;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the PEM files a device carries: certificates, and private keys in any of the three forms
 * found in the field (PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY").
 * BouncyCastle's PEMParser does the parsing; keys come back as JDK key objects (no provider is registered).
 */
public final class PemFiles {

    private PemFiles() {
    }

    /**
     * Every CERTIFICATE block in the file, in file order, skipping any other block: a key after the
     * certificate is the Mongoose OS layout for update.ssl_client_cert_file, and the JDK's
     * CertificateFactory fails on it. Fails when the file holds no certificate.
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate file: " + file + " (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IOException("no PEM certificate in it");
        }
        return certs;
    }

    /** The first private key in the file (other PEM blocks such as certificates are skipped). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return readPrivateKey(reader, file.toString());
        }
    }

    /** As {@link #readPrivateKey(Path)}, from text already in memory; {@code source} names it in errors. */
    public static PrivateKey readPrivateKey(Reader reader, String source) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PEMKeyPair pair) {            // SEC1 EC or PKCS#1 RSA
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {       // PKCS#8
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("no unencrypted private key (PKCS#8, EC or RSA PEM block) in " + source);
    }
}
