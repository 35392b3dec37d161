package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import io.camelota.http.TestPki.Alg;
import io.camelota.http.TestPki.Issued;
import io.camelota.http.TestPki.KeyForm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are read at create(): a bad one fails there, naming the configuration key and the file. No network. */
class DeviceTlsFilesTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static Issued client;
    static Path caFile;

    @BeforeAll
    static void makeCertificates() {
        ca = TestPki.ca("Test OTA CA");
        client = TestPki.client(ca, "device-1", Alg.EC);
        caFile = TestPki.write(dir, "ca.pem", ca.certPem());
    }

    @Test
    void missingCaFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(missing.toString(), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("update.ssl_ca_file: cannot read " + missing + ": no such file");
    }

    @Test
    void caFileThatIsNotPem() throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.txt"), "this is not a certificate\n");

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(garbage.toString(), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update.ssl_ca_file: cannot read " + garbage + ": ")
                .hasMessageContaining("no PEM certificate");
    }

    @Test
    void caFileWithBrokenPemBlock() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(broken.toString(), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update.ssl_ca_file: cannot read " + broken);
    }

    @Test
    void certificateFileWithoutKeyNamesTheCertKey() {
        Path certOnly = TestPki.write(dir, "cert-only.pem", client.certPem());

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(caFile.toString(), certOnly.toString(), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update.ssl_client_cert_file: cannot read " + certOnly)
                .hasMessageContaining("no unencrypted private key");
    }

    @Test
    void separateKeyFileWithoutKeyNamesTheKeyKey() {
        Path cert = TestPki.write(dir, "c.pem", client.certPem());
        Path notAKey = TestPki.write(dir, "not-a-key.pem", ca.certPem());

        assertThatThrownBy(() -> DeviceTls.create(
                new TlsSettings(null, cert.toString(), notAKey.toString(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update.ssl_client_key_file: cannot read " + notAKey);
    }

    @Test
    void certificateFileWithoutCertificate() {
        Path keyOnly = TestPki.write(dir, "key-only.pem", client.keyPem(KeyForm.PKCS8));

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(null, keyOnly.toString(), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update.ssl_client_cert_file: cannot read " + keyOnly);
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Issued other = TestPki.client(ca, "device-2", Alg.EC);
        Path mixed = TestPki.write(dir, "mixed.pem", client.certPem(), other.keyPem(KeyForm.SEC1_EC));

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(null, mixed.toString(), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("update.ssl_client_cert_file")
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void keyFileWithoutCertificateFileIsAConfigurationError() {
        Path key = TestPki.write(dir, "k.pem", client.keyPem(KeyForm.PKCS8));

        assertThatThrownBy(() -> DeviceTls.create(new TlsSettings(null, "", key.toString(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("update.ssl_client_key_file")
                .hasMessageContaining("update.ssl_client_cert_file");
    }

    @Test
    void emptyStringsMeanUnset() {
        DeviceTls tls = DeviceTls.create(new TlsSettings("", " ", "", ""));

        SSLContextParameters p = tls.sslContextParameters();
        assertThat(p.getTrustManagers()).isNull();    // JDK default trust
        assertThat(p.getKeyManagers()).isNull();
        assertThat(p.getClientParameters()).isNull(); // no explicit SNI
        assertThat(tls.serverName()).isNull();
        assertThat(tls.hostnameVerifier()).isInstanceOf(DefaultHostnameVerifier.class);
    }

    @Test
    void starsGiveTrustAllAndNoHostNameCheck() {
        DeviceTls tls = DeviceTls.create(new TlsSettings("*", null, null, "*"));

        assertThat(tls.sslContextParameters().getTrustManagers().getTrustManager()).isNotNull();
        assertThat(tls.hostnameVerifier()).isSameAs(NoopHostnameVerifier.INSTANCE);
        assertThat(tls.serverName()).isNull();
    }

    @Test
    void configuredFilesBecomeInMemoryStores() throws Exception {
        Path both = TestPki.write(dir, "both.pem", client.certPem(), client.keyPem(KeyForm.PKCS8));

        SSLContextParameters p = DeviceTls.create(
                new TlsSettings(caFile.toString(), both.toString(), null, "ota.test")).sslContextParameters();

        assertThat(p.getTrustManagers().getKeyStore().createKeyStore().size()).isEqualTo(1);
        assertThat(p.getKeyManagers().getKeyStore().createKeyStore().isKeyEntry("client")).isTrue();
        assertThat(p.getClientParameters()).isNotNull();
    }
}
