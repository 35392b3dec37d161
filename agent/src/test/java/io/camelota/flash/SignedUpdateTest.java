package io.camelota.flash;

import io.camelota.bundle.TestBundles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.camelota.app.TestAgent;
import io.camelota.status.UpdateState;
import io.camelota.tool.BundleTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed updates end to end: bundles made by the bundle tool's CLI (as a release pipeline would),
 * served over real HTTP on 127.0.0.1, installed or refused through the real routes according to
 * update.keyN / update.sig_req_mask / update.allow_downgrade. A refusal leaves slot 0 untouched.
 */
class SignedUpdateTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private byte[] served;
    private Path keyA;
    private Path keyB;
    private String pubA;
    private String pubB;
    private Path app;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fw.zip", ex -> {
            ex.sendResponseHeaders(200, served.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(served);
            }
        });
        server.start();
        keyA = tmp.resolve("a");
        keyB = tmp.resolve("b");
        assertThat(BundleTool.run("keygen", "-o", keyA.toString())).isZero();
        assertThat(BundleTool.run("keygen", "-o", keyB.toString())).isZero();
        pubA = Files.readString(tmp.resolve("a.pub.b64")).trim();
        pubB = Files.readString(tmp.resolve("b.pub.b64")).trim();
        app = tmp.resolve("app.bin");
        byte[] image = TestBundles.randomBytes(200_000, 7);
        Files.write(app, image);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private byte[] bundle(String version, String... signKeys) throws IOException {
        Path out = tmp.resolve("fw-" + version + "-" + signKeys.length + ".zip");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "create", "--name", "app",
                "--platform", "ubuntu", "--version", version, "--build-id", "20261129-100000/t",
                "--part", "app=" + app, "-o", out.toString()));
        for (String k : signKeys) {
            args.add("--sign-key");
            args.add(k);
        }
        assertThat(BundleTool.run(args.toArray(String[]::new))).isZero();
        return Files.readAllBytes(out);
    }

    private record Outcome(UpdateState state, String message, Integer sigs, int activeSlot, boolean slot0Intact) {
    }

    private Outcome install(byte[] bundle, Map<String, String> props) throws Exception {
        served = bundle;
        Map<String, String> p = new HashMap<>(props);
        try (TestAgent agent = TestAgent.on(tmp.resolve("data-" + System.nanoTime()), p)) {
            byte[] factory = TestBundles.randomBytes(50_000, 1);
            String factorySha = agent.writeFactoryImage(factory);
            agent.start();
            agent.checkNow("http://127.0.0.1:" + server.getAddress().getPort() + "/fw.zip");
            var s = agent.status();
            boolean intact = factorySha.equals(io.camelota.slot.SlotWriter.sha256(agent.slot(0), factory.length));
            return new Outcome(s.state(), s.message(), s.sigCheckResult(), agent.bootState().activeSlot(), intact);
        }
    }

    @Test
    void unsignedBundleInstallsWhenSignaturesAreNotRequired() throws Exception {
        Outcome o = install(bundle("1.1"), Map.of("update.key0", pubA));
        assertThat(o.message()).isEqualTo("Update applied, finalizing");
        assertThat(o.sigs()).isZero();
        assertThat(o.activeSlot()).isEqualTo(1);
    }

    @Test
    void unsignedBundleIsRefusedWhenKey0IsRequired() throws Exception {
        Outcome o = install(bundle("1.1"), Map.of("update.key0", pubA, "update.sig_req_mask", "1"));
        assertThat(o.state()).isEqualTo(UpdateState.ERROR);
        assertThat(o.message()).isEqualTo("Signature check failed");
        assertThat(o.activeSlot()).isZero();
        assertThat(o.slot0Intact()).isTrue();
    }

    @Test
    void bundleSignedByTheToolInstallsWithMask1() throws Exception {
        Outcome o = install(bundle("1.1", keyA + ".pem"), Map.of("update.key0", pubA, "update.sig_req_mask", "1"));
        assertThat(o.message()).isEqualTo("Update applied, finalizing");
        assertThat(o.sigs()).isEqualTo(1);
        assertThat(o.activeSlot()).isEqualTo(1);
    }

    @Test
    void mask3NeedsBothSignatures() throws Exception {
        Map<String, String> both = Map.of("update.key0", pubA, "update.key1", pubB, "update.sig_req_mask", "3");
        assertThat(install(bundle("1.1", keyA + ".pem"), both).message()).isEqualTo("Signature check failed");
        Outcome o = install(bundle("1.1", keyA + ".pem", keyB + ".pem"), both);
        assertThat(o.message()).isEqualTo("Update applied, finalizing");
        assertThat(o.sigs()).isEqualTo(3);
    }

    @Test
    void signatureByTheWrongKeyIsRefused() throws Exception {
        Outcome o = install(bundle("1.1", keyB + ".pem"), Map.of("update.key0", pubA, "update.sig_req_mask", "1"));
        assertThat(o.message()).isEqualTo("Signature check failed");
        assertThat(o.sigs()).isZero();
        assertThat(o.slot0Intact()).isTrue();
    }

    @Test
    void mask0RefusesEvenAValidlySignedBundle() throws Exception {
        Outcome o = install(bundle("1.1", keyA + ".pem"), Map.of("update.key0", pubA, "update.sig_req_mask", "0"));
        assertThat(o.state()).isEqualTo(UpdateState.ERROR);
        assertThat(o.activeSlot()).isZero();
    }

    @Test
    void downgradeIsRefusedOnlyWhenDisallowed() throws Exception {
        Outcome refused = install(bundle("0.9"), Map.of("update.allow_downgrade", "false"));
        assertThat(refused.message()).isEqualTo("Downgrade refused");
        assertThat(refused.slot0Intact()).isTrue();
        Outcome allowed = install(bundle("0.9"), Map.of());
        assertThat(allowed.message()).isEqualTo("Update applied, finalizing");
    }
}
