package io.camelota.http;

import static io.camelota.http.TlsSettings.ANY;
import static io.camelota.http.TlsSettings.KEY_CA_FILE;
import static io.camelota.http.TlsSettings.KEY_CLIENT_CERT_FILE;
import static io.camelota.http.TlsSettings.KEY_CLIENT_KEY_FILE;
import static io.camelota.http.TlsSettings.isSet;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextClientParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HttpClientHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's TLS client configuration, built once from {@link TlsSettings}, as two beans for camel-http:
 * {@link #sslContextParameters()} ({@code sslContextParameters=#otaTls}) and {@link #hostnameVerifier()}
 * ({@code x509HostnameVerifier=#otaHostnameVerifier}).
 * <p>
 * All files are read in {@link #create(TlsSettings)}, so a bad file stops start-up with a message naming the
 * configuration key, instead of surfacing later as an obscure handshake failure.
 */
public final class DeviceTls {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceTls.class);

    /** Password of the in-memory key stores only; they never leave this process. */
    private static final String STORE_PASSWORD = "camel-ota";

    /** IPv4 literal; IPv6 literals are recognised by their ':'. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<X509Certificate> caCerts;   // null: JDK default trust
    private final boolean trustAll;                 // update.ssl_ca_file=*
    private final List<X509Certificate> clientChain; // null: no client certificate
    private final PrivateKey clientKey;
    private final String serverName;                // null: host from URL
    private final boolean anyServerName;            // update.ssl_server_name=*

    private DeviceTls(List<X509Certificate> caCerts, boolean trustAll, List<X509Certificate> clientChain,
                      PrivateKey clientKey, String serverName, boolean anyServerName) {
        this.caCerts = caCerts;
        this.trustAll = trustAll;
        this.clientChain = clientChain;
        this.clientKey = clientKey;
        this.serverName = serverName;
        this.anyServerName = anyServerName;
    }

    /**
     * Reads the CA and client files now.
     *
     * @throws IllegalArgumentException naming the configuration key and the file when one cannot be used
     */
    public static DeviceTls create(TlsSettings s) {
        boolean trustAll = ANY.equals(trim(s.caFile()));
        List<X509Certificate> ca = null;
        if (trustAll) {
            // Said loudly once per configuration: this silently accepts any server, including an attacker's.
            LOG.warn("TLS server certificate verification is DISABLED ({}=*)", KEY_CA_FILE);
        } else if (isSet(s.caFile())) {
            ca = TlsFiles.certificates(KEY_CA_FILE, trim(s.caFile()));
        }

        List<X509Certificate> chain = null;
        PrivateKey key = null;
        if (isSet(s.clientCertFile())) {
            String certFile = trim(s.clientCertFile());
            chain = TlsFiles.certificates(KEY_CLIENT_CERT_FILE, certFile);
            // Mongoose OS reads the key from the certificate file; a separate key file is our extension.
            boolean separate = isSet(s.clientKeyFile());
            String keyConfig = separate ? KEY_CLIENT_KEY_FILE : KEY_CLIENT_CERT_FILE;
            String keyFile = separate ? trim(s.clientKeyFile()) : certFile;
            key = TlsFiles.privateKey(keyConfig, keyFile);
            if (!TlsFiles.matches(key, chain.get(0).getPublicKey())) {
                throw new IllegalArgumentException(keyConfig + ": the private key in " + keyFile
                        + " does not belong to the certificate in " + certFile);
            }
        } else if (isSet(s.clientKeyFile())) {
            throw new IllegalArgumentException(KEY_CLIENT_KEY_FILE + " is set but " + KEY_CLIENT_CERT_FILE + " is not");
        }

        String name = trim(s.serverName());
        boolean anyName = ANY.equals(name);
        return new DeviceTls(ca, trustAll, chain, key, isSet(name) && !anyName ? name : null, anyName);
    }

    /**
     * A fresh Camel TLS configuration (Camel keeps per-use state in it, so each caller gets its own).
     * Trust: the CA file's certificates, all certificates when {@code update.ssl_ca_file=*}, else the JDK default.
     * Keys: the client chain and key when configured. SNI: {@code update.ssl_server_name} when it is a DNS name.
     */
    public SSLContextParameters sslContextParameters() {
        SSLContextParameters p = new SSLContextParameters();
        try {
            if (trustAll) {
                TrustManagersParameters tmp = new TrustManagersParameters();
                tmp.setTrustManager(new TrustAllManager());
                p.setTrustManagers(tmp);
            } else if (caCerts != null) {
                KeyStore trust = emptyStore();
                for (int i = 0; i < caCerts.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, caCerts.get(i));
                }
                TrustManagersParameters tmp = new TrustManagersParameters();
                tmp.setKeyStore(storeParameters(trust));
                p.setTrustManagers(tmp);
            } // else: no TrustManagersParameters -> the JDK default trust store (cacerts)

            if (clientChain != null) {
                KeyStore keys = emptyStore();
                keys.setKeyEntry("client", clientKey, STORE_PASSWORD.toCharArray(),
                        clientChain.toArray(new X509Certificate[0]));
                KeyManagersParameters kmp = new KeyManagersParameters();
                kmp.setKeyStore(storeParameters(keys));
                kmp.setKeyPassword(STORE_PASSWORD);
                p.setKeyManagers(kmp);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the in-memory TLS key stores", e);
        }

        // The JDK derives SNI from the URL host only for DNS names; an explicit name replaces it.
        // It refuses IP literals as SNI (and an empty name fails at binding), so those are not sent.
        if (serverName != null && isDnsName(serverName)) {
            SSLContextClientParameters client = new SSLContextClientParameters();
            client.setSniHostName(serverName);
            p.setClientParameters(client);
        }
        return p;
    }

    /**
     * The host-name check for camel-http's {@code x509HostnameVerifier}: the URL host by default, the configured
     * server name instead of it, or none for {@code update.ssl_server_name=*} and for {@code update.ssl_ca_file=*}
     * (checking the name of a certificate nobody verified would prove nothing; Mongoose OS skips both).
     */
    public HostnameVerifier hostnameVerifier() {
        if (trustAll || anyServerName) {
            return NoopHostnameVerifier.INSTANCE;
        }
        DefaultHostnameVerifier standard = new DefaultHostnameVerifier();
        return serverName == null ? standard : new FixedNameVerifier(serverName, standard);
    }

    /** The name sent as SNI and checked against the certificate; {@code null} when the URL host is used. */
    public String serverName() {
        return serverName;
    }

    static boolean isDnsName(String name) {
        if (name.isEmpty() || name.contains(":") || IPV4.matcher(name).matches()) {
            return false;
        }
        try {
            new SNIHostName(name);   // the JDK's own syntax check (IDN, label lengths)
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    /** Camel 4 takes an in-memory KeyStore as is; the password is what its key managers unlock it with. */
    private static KeyStoreParameters storeParameters(KeyStore ks) {
        KeyStoreParameters ksp = new KeyStoreParameters();
        ksp.setKeyStore(ks);
        ksp.setPassword(STORE_PASSWORD);
        return ksp;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    /** Checks the peer certificate against the configured name, whatever host the URL named. */
    private record FixedNameVerifier(String name, DefaultHostnameVerifier standard)
            implements HttpClientHostnameVerifier {

        // HttpClient 5 calls this variant for an HttpClientHostnameVerifier, so the error names the real name.
        @Override
        public void verify(String urlHost, X509Certificate cert) throws SSLException {
            try {
                standard.verify(name, cert);
            } catch (SSLException e) {
                throw new SSLException("certificate does not match " + TlsSettings.KEY_SERVER_NAME + "=" + name
                        + " (URL host " + urlHost + "): " + e.getMessage(), e);
            }
        }

        @Override
        public boolean verify(String urlHost, SSLSession session) {
            try {
                verify(urlHost, (X509Certificate) session.getPeerCertificates()[0]);
                return true;
            } catch (SSLException | RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * Accepts every server ({@code update.ssl_ca_file=*}). Extended, so the JDK does not wrap it with its own
     * endpoint checks.
     */
    private static final class TrustAllManager extends X509ExtendedTrustManager {
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
