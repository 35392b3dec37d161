package io.camelota.pem;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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

    /** Every certificate in the file, in file order. Fails when the file holds none. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (var in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var cert : factory.generateCertificates(in)) {
                certs.add((X509Certificate) cert);
            }
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate file: " + file + " (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IOException("no certificate in " + file);
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
