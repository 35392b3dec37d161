package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.net.ssl.SSLHandshakeException;

import io.camelota.http.CamelHttps.Result;
import io.camelota.http.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** update.ssl_ca_file: which servers the agent accepts, through the real camel-http producer. */
class DeviceTlsServerTrustTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static Issued otherCa;
    static TestHttpsServer server;
    static Path caFile;
    static Path otherCaFile;

    @BeforeAll
    static void startServer() throws Exception {
        ca = TestPki.ca("Test OTA CA");
        otherCa = TestPki.ca("Unrelated CA");
        server = TestHttpsServer.start(TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")));
        caFile = TestPki.write(dir, "ca.pem", ca.certPem());
        otherCaFile = TestPki.write(dir, "other-ca.pem", otherCa.certPem());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Result fetch(TlsSettings s) throws Exception {
        return CamelHttps.get(DeviceTls.create(s), server.url("/fw.zip"));
    }

    @Test
    void trustedCaGetsTheFirmware() throws Exception {
        Result r = fetch(new TlsSettings(caFile.toString(), null, null, null));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok /fw.zip");
    }

    @Test
    void serverSignedByAnotherCaIsRejected() throws Exception {
        int before = server.requests();

        Result r = fetch(new TlsSettings(otherCaFile.toString(), null, null, null));

        assertThat(r.error()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void caBundleWithSeveralCertificatesTrustsEach() throws Exception {
        Path bundle = TestPki.write(dir, "bundle.pem", otherCa.certPem(), ca.certPem());

        Result r = fetch(new TlsSettings(bundle.toString(), null, null, null));

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void caStarAcceptsAServerNobodyVouchesFor() throws Exception {
        // The only CA the agent could know is unrelated; "*" must not even look at it.
        Result r = fetch(new TlsSettings("*", null, null, null));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void caStarAlsoSkipsTheHostNameCheck() throws Exception {
        // Certificate for other.test only, no IP SAN: only an unchecked name lets this through.
        Issued odd = TestPki.server(otherCa, "other.test", null);
        try (TestHttpsServer s = TestHttpsServer.start(TestPki.serverContext(odd))) {
            Result r = CamelHttps.get(DeviceTls.create(new TlsSettings("*", null, null, null)), s.url("/x"));

            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void unsetCaMeansTheJdkDefaultTrustWhichDoesNotKnowTheTestCa() throws Exception {
        Result r = fetch(new TlsSettings("", null, null, null));

        assertThat(r.error()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void tls12OnlyServerIsReached() throws Exception {
        // Camel's SSLContextParameters default to a "TLSv1.3" context; older OTA servers must still work.
        try (TestHttpsServer s = TestHttpsServer.startWithProtocols(
                TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")), "TLSv1.2")) {
            Result r = CamelHttps.get(DeviceTls.create(new TlsSettings(caFile.toString(), null, null, null)),
                    s.url("/fw.zip"));

            assertThat(r.error()).isNull();
            assertThat(r.status()).isEqualTo(200);
        }
    }
}
