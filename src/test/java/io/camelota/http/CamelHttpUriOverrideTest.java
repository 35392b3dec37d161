package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Exchange;
import io.camelota.http.CamelHttps.Result;
import io.camelota.http.TestPki.Alg;
import io.camelota.http.TestPki.Issued;
import io.camelota.http.TestPki.KeyForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent follows redirects itself by setting CamelHttpUri (Exchange.HTTP_URI). Does the request to the new URL
 * still use the endpoint's TLS beans? The target here only works with all of them: it is signed by the test CA
 * (unknown to the JDK), has no IP SAN (needs the server-name check) and insists on the client certificate.
 */
class CamelHttpUriOverrideTest {

    @TempDir
    static Path dir;

    static TestHttpsServer first;
    static TestHttpsServer target;
    static DeviceTls tls;

    @BeforeAll
    static void start() throws Exception {
        Issued ca = TestPki.ca("Test OTA CA");
        Issued client = TestPki.client(ca, "device-1", Alg.EC);
        first = TestHttpsServer.start(TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")));
        target = TestHttpsServer.startNeedingClientCert(
                TestPki.serverContext(TestPki.server(ca, "ota.test", null), ca.cert()));
        Path caFile = TestPki.write(dir, "ca.pem", ca.certPem());
        Path clientFile = TestPki.write(dir, "client.pem", client.certPem(), client.keyPem(KeyForm.SEC1_EC));
        tls = DeviceTls.create(new TlsSettings(caFile.toString(), clientFile.toString(), null, "ota.test"));
    }

    @AfterAll
    static void stop() {
        first.close();
        target.close();
    }

    @Test
    void httpsEndpointKeepsItsTlsParametersForAnOverriddenHttpsUri() throws Exception {
        target.reset();
        int firstBefore = first.requests();

        Result r = CamelHttps.get(tls, first.url("/fw.zip"),
                Map.of(Exchange.HTTP_URI, target.url("/moved/fw.zip")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok /moved/fw.zip");
        assertThat(target.sniName()).isEqualTo("ota.test");
        assertThat(target.clientSubject()).isEqualTo("CN=device-1");
        assertThat(first.requests()).isEqualTo(firstBefore);
    }

    @Test
    void httpEndpointAlsoUsesThemWhenTheOverrideIsHttps() throws Exception {
        // An http:// endpoint with the same options, redirected to https://: the agent's plain-HTTP first hop.
        target.reset();

        Result r = CamelHttps.get(tls, "http://127.0.0.1:" + first.port() + "/fw.zip",
                Map.of(Exchange.HTTP_URI, target.url("/moved/fw.zip")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(target.clientSubject()).isEqualTo("CN=device-1");
        assertThat(target.sniName()).isEqualTo("ota.test");
    }

    @Test
    void controlWithoutTheDeviceSettingsTheSameOverrideFails() throws Exception {
        // Same call with JDK defaults: proves the passes above owe nothing to a lenient default.
        Result r = CamelHttps.get(DeviceTls.create(TlsSettings.defaults()), first.url("/fw.zip"),
                Map.of(Exchange.HTTP_URI, target.url("/moved/fw.zip")));

        assertThat(r.error()).isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(r.status()).isEqualTo(-1);
    }
}
