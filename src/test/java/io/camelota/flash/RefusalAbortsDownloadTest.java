package io.camelota.flash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.function.Function;

import io.camelota.bundle.TestBundles;
import io.camelota.status.StatusBoard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused bundle is not downloaded: at the refusal the HTTP connection is aborted, not left to
 * camel-http/HttpClient to drain when the exchange completes. Each bundle is 256 MiB, generated as
 * the server writes it; the server counts what it managed to write: the part before the refusal
 * plus socket buffers plus at most 1 MiB, never the whole bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAbortsDownloadTest {

    private static final long BIG = 256L << 20;
    private static final long SLOT = 16L << 20;

    @TempDir
    static Path dir;
    private AgentFixture fx;
    private KeyPair key;

    @BeforeAll
    void start() throws Exception {
        key = TestBundles.newEcKeyPair();
        fx = AgentFixture.start(dir.resolve("data"), Map.of("flash.slot_size", Long.toString(SLOT),
                "update.allow_downgrade", "false", "update.key0", TestBundles.publicKeyBase64(key),
                "update.sig_req_mask", "1"));
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    private TestBundles.Builder signed(String version) {
        return TestBundles.builder().platform("ubuntu").version(version).buildId("20261201-000000/big")
                .signWith(0, key.getPrivate());
    }

    private Map<String, Function<RefusalAbortsDownloadTest, TestBundles.Builder>> cases() {
        return Map.of(
                "wrong-platform", t -> t.signed("1.1").platform("esp32").part("app", "app", "fw.bin", BIG, big()),
                "same-version", t -> t.signed(AgentFixture.FACTORY_VERSION).buildId(AgentFixture.FACTORY_BUILD)
                        .part("app", "app", "fw.bin", BIG, big()),
                "missing-signature", t -> TestBundles.builder().version("1.1").part("app", "app", "fw.bin", BIG, big()),
                "bad-signature", t -> TestBundles.builder().version("1.1").signWith(0, TestBundles.newEcKeyPair().getPrivate())
                        .part("app", "app", "fw.bin", BIG, big()),
                "downgrade", t -> t.signed("0.9").part("app", "app", "fw.bin", BIG, big()),
                "too-large", t -> t.signed("1.1").part("app", "app", "fw.bin", BIG, big()),
                // the refusal comes at the end of a small app part; a big part of no interest follows it
                "bad-crc", t -> t.signed("1.1").part("app", "app", "fw.bin", AgentFixture.pattern(64 * 1024, 3))
                        .headerCrc("fw.bin", 0x12345678L).part("extra", "data", "extra.bin", BIG, big()));
    }

    private static java.util.function.Supplier<InputStream> big() {
        return TestBundles.generated(BIG, 7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong-platform    | Wrong platform",
            "same-version      | Version is the same as current",
            "missing-signature | Signature check failed",
            "bad-signature     | Signature check failed",
            "downgrade         | Downgrade refused",
            "too-large         | Part too large for slot: 268435456 > 16777216 bytes",
            "bad-crc           | Invalid CRC"})
    void refusalAbortsTheConnection(String name, String message) throws Exception {
        TestBundles.Builder bundle = cases().get(name).apply(this);
        bundle.rawManifest(bundle.manifestBytes()); // hash the 256 MiB once, not on every pass
        long length = length(bundle);
        AgentFixture.Untouched before = fx.snapshot();
        try (CountingBundleServer server = new CountingBundleServer(bundle::buildStream, length)) {
            fx.agent.checkNow(server.url());

            StatusBoard.Snapshot st = fx.agent.status();
            assertThat(st.message()).isEqualTo(message);
            long written = server.bodyBytesWritten();
            long allowed = beforeRefusal(name) + CountingBundleServer.SEND_BUFFER + receiveBufferMax() + (1 << 20);
            assertThat(written).as("bytes the server wrote of a %d-byte bundle", length).isLessThanOrEqualTo(allowed);
        }
        fx.assertUntouched(before);
    }

    /** Bundle bytes the agent must read before it can refuse (the manifest; for bad-crc the app part too). */
    private static long beforeRefusal(String name) {
        return name.equals("bad-crc") ? 64 * 1024 + 8192 : 8192;
    }

    private static long length(TestBundles.Builder bundle) throws IOException {
        try (InputStream in = bundle.buildStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Linux autotunes a receive buffer up to tcp_rmem's maximum; elsewhere assume a generous 8 MiB. */
    private static long receiveBufferMax() {
        try {
            String[] v = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_rmem")).trim().split("\\s+");
            return Long.parseLong(v[2]);
        } catch (IOException | RuntimeException e) {
            return 8L << 20;
        }
    }
}
