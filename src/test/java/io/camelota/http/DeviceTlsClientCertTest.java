package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import io.camelota.http.CamelHttps.Result;
import io.camelota.http.TestPki.Alg;
import io.camelota.http.TestPki.Issued;
import io.camelota.http.TestPki.KeyForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** update.ssl_client_cert_file (+ key): mutual TLS against a server that insists on a client certificate. */
class DeviceTlsClientCertTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static TestHttpsServer server;
    static Path caFile;

    @BeforeAll
    static void startServer() throws Exception {
        ca = TestPki.ca("Test OTA CA");
        Issued serverCert = TestPki.server(ca, "ota.test", "127.0.0.1");
        server = TestHttpsServer.startNeedingClientCert(TestPki.serverContext(serverCert, ca.cert()));
        caFile = TestPki.write(dir, "ca.pem", ca.certPem());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} key as {1}, {2}")
    @CsvSource({
        "EC,  PKCS8,     separate",
        "EC,  SEC1_EC,   separate",
        "EC,  PKCS8,     in-cert-file",
        "EC,  SEC1_EC,   in-cert-file",
        "RSA, PKCS1_RSA, separate",
        "RSA, PKCS1_RSA, in-cert-file",
        "RSA, PKCS8,     separate",
    })
    void clientCertificateIsPresented(Alg alg, KeyForm form, String layout) throws Exception {
        String cn = "device-" + alg + "-" + form + "-" + layout;
        Issued client = TestPki.client(ca, cn, alg);
        TlsSettings settings;
        if (layout.equals("separate")) {
            Path cert = TestPki.write(dir, cn + ".crt", client.certPem());
            Path key = TestPki.write(dir, cn + ".key", client.keyPem(form));
            settings = new TlsSettings(caFile.toString(), cert.toString(), key.toString(), null);
        } else {
            // As Mongoose OS reads it: one file, certificate then key.
            Path both = TestPki.write(dir, cn + ".pem", client.certPem(), client.keyPem(form));
            settings = new TlsSettings(caFile.toString(), both.toString(), null, null);
        }

        server.reset();
        Result r = CamelHttps.get(DeviceTls.create(settings), server.url("/fw.zip"));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.clientSubject()).isEqualTo("CN=" + cn);
    }

    @Test
    void withoutClientCertificateTheServerRefuses() throws Exception {
        int before = server.requests();

        Result r = CamelHttps.get(DeviceTls.create(new TlsSettings(caFile.toString(), null, null, null)),
                server.url("/fw.zip"));

        // TLS 1.3 reports the refusal as an alert or a closed socket, depending on timing: both are IOExceptions.
        assertThat(r.error()).isInstanceOf(IOException.class);
        assertThat(r.status()).isEqualTo(-1);
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() throws Exception {
        Issued stranger = TestPki.client(TestPki.ca("Unrelated CA"), "stranger", Alg.EC);
        Path both = TestPki.write(dir, "stranger.pem", stranger.certPem(), stranger.keyPem(KeyForm.PKCS8));
        int before = server.requests();

        Result r = CamelHttps.get(DeviceTls.create(new TlsSettings(caFile.toString(), both.toString(), null, null)),
                server.url("/fw.zip"));

        assertThat(r.error()).isInstanceOf(IOException.class);
        assertThat(server.requests()).isEqualTo(before);
    }
}
