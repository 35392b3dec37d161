package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.http.TestPki.Alg;
import io.camelota.http.TestPki.Issued;
import io.camelota.http.TestPki.KeyForm;
import io.camelota.status.StatusBoard.Snapshot;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * update.ssl_* through the real check-for-update route: the agent trusts only the test CA, presents a client
 * certificate whose key sits in the same PEM file (the Mongoose OS layout) and sends update.ssl_server_name
 * as SNI and checks the server certificate against it.
 */
class CheckTlsTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static TestAgent agent;

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("OTA Test CA");
        Issued client = TestPki.client(ca, "device-1", Alg.EC);
        Path caFile = TestPki.write(dir, "ca.pem", ca.certPem());
        Path clientFile = TestPki.write(dir, "client.pem", client.certPem(), client.keyPem(KeyForm.SEC1_EC));
        agent = TestAgent.on(dir.resolve("data"), Map.of(
                "update.ssl_ca_file", caFile.toString(),
                "update.ssl_client_cert_file", clientFile.toString(),
                "update.ssl_server_name", "ota.test")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void httpsCheckTrustingTheCaFileIsAnswered() throws Exception {
        // no IP SAN: the URL's 127.0.0.1 would not match, only update.ssl_server_name does
        try (RecordingHttpServer server = RecordingHttpServer.https(
                TestPki.serverContext(TestPki.server(ca, "ota.test", null)), false)) {
            server.respond("/fw.zip", 304);

            agent.checkNow(server.url("/fw.zip"));

            assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(agent.status().message()).isEqualTo("Not Modified");
            assertThat(server.paths()).containsExactly("/fw.zip");
            assertThat(server.requests().get(0).header("X-MGOS-Device-ID")).isEqualTo("- 0A1B2C3D4E5F");
        }
    }

    @Test
    void serverNameIsSentAsSni() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.https(
                TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")), false)) {
            server.respond("/fw.zip", 304);

            agent.checkNow(server.url("/fw.zip"));

            assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(server.sniName()).isEqualTo("ota.test");
        }
    }

    @Test
    void serverSignedByAnotherCaIsATlsErrorBeforeAnyRequest() throws Exception {
        Issued other = TestPki.ca("Other CA");
        try (RecordingHttpServer server = RecordingHttpServer.https(
                TestPki.serverContext(TestPki.server(other, "ota.test", "127.0.0.1")), false)) {
            server.respond("/fw.zip", 304);

            agent.checkNow(server.url("/fw.zip"));

            Snapshot s = agent.status();
            assertThat(s.state()).isEqualTo(UpdateState.ERROR);
            assertThat(s.message()).startsWith("TLS error");
            assertThat(s.result()).isEqualTo(-1);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void certificateForAnotherNameIsATlsErrorBeforeAnyRequest() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.https(
                TestPki.serverContext(TestPki.server(ca, "evil.test", "127.0.0.1")), false)) {
            server.respond("/fw.zip", 304);

            agent.checkNow(server.url("/fw.zip"));

            Snapshot s = agent.status();
            assertThat(s.state()).isEqualTo(UpdateState.ERROR);
            assertThat(s.message()).startsWith("TLS error");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void clientCertificateFromTheCombinedFileIsPresented() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.https(
                TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1"), ca.cert()), true)) {
            server.respond("/fw.zip", 304);

            agent.checkNow(server.url("/fw.zip"));

            assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).clientSubject()).isEqualTo("CN=device-1");
        }
    }

    @Test
    void redirectBetweenHttpsServersKeepsTlsSettings() throws Exception {
        try (RecordingHttpServer target = RecordingHttpServer.https(
                     TestPki.serverContext(TestPki.server(ca, "ota.test", null), ca.cert()), true);
             RecordingHttpServer first = RecordingHttpServer.https(
                     TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")), false)) {
            target.respond("/moved.zip", 304);
            first.respond("/fw.zip", 302, "Location", target.url("/moved.zip"));

            agent.checkNow(first.url("/fw.zip"));

            assertThat(agent.status().message()).isEqualTo("Not Modified");
            assertThat(target.sniName()).isEqualTo("ota.test");
            assertThat(target.requests()).extracting(RecordingHttpServer.Request::clientSubject)
                    .containsExactly("CN=device-1");
        }
    }
}
