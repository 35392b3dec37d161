package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.net.ssl.SSLException;

import io.camelota.http.CamelHttps.Result;
import io.camelota.http.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * update.ssl_server_name: the name sent as SNI and checked against the certificate while the URL names 127.0.0.1.
 * One server has a certificate for "ota.test" only (no IP SAN), so a check against the URL host must fail there.
 */
class DeviceTlsServerNameTest {

    @TempDir
    static Path dir;

    static TestHttpsServer dnsOnly;     // cert: DNS ota.test
    static TestHttpsServer withIp;      // cert: DNS ota.test + IP 127.0.0.1
    static String caFile;

    @BeforeAll
    static void startServers() throws Exception {
        Issued ca = TestPki.ca("Test OTA CA");
        dnsOnly = TestHttpsServer.start(TestPki.serverContext(TestPki.server(ca, "ota.test", null)));
        withIp = TestHttpsServer.start(TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")));
        caFile = TestPki.write(dir, "ca.pem", ca.certPem()).toString();
    }

    @AfterAll
    static void stopServers() {
        dnsOnly.close();
        withIp.close();
    }

    private static Result fetch(TestHttpsServer server, String serverName) throws Exception {
        server.reset();
        return CamelHttps.get(DeviceTls.create(new TlsSettings(caFile, null, null, serverName)),
                server.url("/fw.zip"));
    }

    @Test
    void serverNameIsSentAsSniAndMatchesTheDnsSan() throws Exception {
        Result r = fetch(dnsOnly, "ota.test");

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(dnsOnly.sniName()).isEqualTo("ota.test");
    }

    @Test
    void withoutServerNameTheUrlHostIsCheckedAndAnIpUrlSendsNoSni() throws Exception {
        Result ok = fetch(withIp, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(withIp.sniName()).isNull();

        Result bad = fetch(dnsOnly, "");
        assertThat(bad.error()).isInstanceOf(SSLException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void wrongServerNameFailsEvenThoughTheUrlHostWouldMatch() throws Exception {
        int before = withIp.requests();

        Result r = fetch(withIp, "wrong.test");

        assertThat(r.error()).isInstanceOf(SSLException.class)
                .hasMessageContaining("update.ssl_server_name=wrong.test");
        assertThat(withIp.requests()).isEqualTo(before);
    }

    @Test
    void starSkipsTheHostNameCheck() throws Exception {
        Result r = fetch(dnsOnly, "*");

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void ipLiteralServerNameIsCheckedButNotSentAsSni() throws Exception {
        assertThat(fetch(withIp, "127.0.0.1").status()).isEqualTo(200);
        assertThat(fetch(dnsOnly, "127.0.0.1").error()).isInstanceOf(SSLException.class);
    }

    @Test
    void onlyDnsNamesQualifyForSni() {
        assertThat(DeviceTls.isDnsName("ota.test")).isTrue();
        assertThat(DeviceTls.isDnsName("localhost")).isTrue();
        assertThat(DeviceTls.isDnsName("127.0.0.1")).isFalse();
        assertThat(DeviceTls.isDnsName("::1")).isFalse();
        assertThat(DeviceTls.isDnsName("")).isFalse();
        assertThat(DeviceTls.isDnsName("bad name")).isFalse();
    }
}
