package io.camelota.http;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made on the fly with BouncyCastle: CAs, server and client certificates, PEM files with the
 * private key in each form devices carry. Reusable by any test; nothing here touches the network.
 */
public final class TestPki {

    /** Key algorithm of a generated certificate. */
    public enum Alg { EC, RSA }

    /** PEM form of a private key: PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY". */
    public enum KeyForm { PKCS8, SEC1_EC, PKCS1_RSA }

    /** A certificate with its key pair. */
    public record Issued(X509Certificate cert, KeyPair keys) {
        public PrivateKey key() {
            return keys.getPrivate();
        }

        /** PEM of the private key in {@code form}. */
        public String keyPem(KeyForm form) {
            return pem(keys, form);
        }

        /** PEM of the certificate. */
        public String certPem() {
            return pem(cert);
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    /** A self-signed CA. */
    public static Issued ca(String cn) {
        KeyPair kp = keyPair(Alg.EC);
        return issue("CN=" + cn, kp, "CN=" + cn, kp.getPrivate(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
    }

    /** A server certificate with a DNS SAN and, when {@code ip} is not null, an IP SAN. */
    public static Issued server(Issued ca, String dns, String ip) {
        return server(ca, dns, ip, Alg.EC);
    }

    public static Issued server(Issued ca, String dns, String ip, Alg alg) {
        GeneralNames san = ip == null
                ? new GeneralNames(new GeneralName(GeneralName.dNSName, dns))
                : new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, dns), new GeneralName(GeneralName.iPAddress, ip)});
        return leaf(ca, "CN=" + dns, alg, KeyPurposeId.id_kp_serverAuth, san);
    }

    /** A client certificate (TLS client authentication). */
    public static Issued client(Issued ca, String cn, Alg alg) {
        return leaf(ca, "CN=" + cn, alg, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** PEM text of certificates, in order. */
    public static String pem(X509Certificate... certs) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : certs) {
                sb.append(armour("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /** PEM text of the private key in the given form (SEC1 only for EC keys, PKCS#1 only for RSA keys). */
    public static String pem(KeyPair keys, KeyForm form) {
        PrivateKey key = keys.getPrivate();
        boolean ec = "EC".equals(key.getAlgorithm());
        if (form == KeyForm.SEC1_EC && !ec || form == KeyForm.PKCS1_RSA && ec) {
            throw new IllegalArgumentException(form + " does not fit a " + key.getAlgorithm() + " key");
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            return switch (form) {
                case PKCS8 -> armour("PRIVATE KEY", key.getEncoded());
                case PKCS1_RSA -> armour("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
                case SEC1_EC -> armour("EC PRIVATE KEY", sec1(info, keys));
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the concatenated PEM texts to {@code dir/name}. */
    public static Path write(Path dir, String name, String... pems) {
        try {
            return Files.writeString(dir.resolve(name), String.join("", pems), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side SSLContext presenting {@code server}, trusting client certificates issued by {@code trusted}. */
    public static SSLContext serverContext(Issued server, X509Certificate... trusted) {
        try {
            char[] pw = "test".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", server.key(), pw, new X509Certificate[] {server.cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                ts.setCertificateEntry("t" + i, trusted[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder b) throws IOException, GeneralSecurityException;
    }

    private static Issued leaf(Issued ca, String subject, Alg alg, KeyPurposeId purpose, GeneralNames san) {
        KeyPair kp = keyPair(alg);
        Issued issued = issue(subject, kp, ca.cert().getSubjectX500Principal().getName(), ca.key(), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.cert()));
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
        });
        return issued;
    }

    private static Issued issue(String subject, KeyPair kp, String issuer, PrivateKey signer, Extensions ext) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), kp.getPublic());
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            ext.add(b);
            String sigAlg = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(signer)));
            return new Issued(cert, kp);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + subject, e);
        }
    }

    private static KeyPair keyPair(Alg alg) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg.name());
            if (alg == Alg.EC) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SEC1 ECPrivateKey as openssl writes it: with the curve OID and the public key, which JDK PKCS#8 omits. */
    private static byte[] sec1(PrivateKeyInfo info, KeyPair keys) throws IOException {
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        int bits = ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getParams().getOrder().bitLength();
        DERBitString pub = new DERBitString(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
        return new ECPrivateKey(bits, inner.getKey(), pub, info.getPrivateKeyAlgorithm().getParameters())
                .getEncoded();
    }

    private static String armour(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}
