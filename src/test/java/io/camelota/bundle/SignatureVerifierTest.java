package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static final KeyPair K0 = TestBundles.newEcKeyPair();
    private static final KeyPair K1 = TestBundles.newEcKeyPair();
    private static final byte[] MANIFEST = "{\n  \"platform\": \"ubuntu\"\n}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> KEYS = List.of(TestBundles.publicKeyBase64(K0), TestBundles.publicKeyBase64(K1));

    private static String sig(KeyPair k) {
        return TestBundles.sign(MANIFEST, k.getPrivate());
    }

    private static void assertRejected(int result, int mask) {
        assertThatThrownBy(() -> SignatureVerifier.enforce(result, mask))
                .isInstanceOf(BundleException.class).hasMessage("Signature check failed");
    }

    @Test
    void unsignedIsAcceptedOnlyWithNegativeMask() {
        int result = SignatureVerifier.verify(MANIFEST, Map.of(), KEYS);
        assertThat(result).isZero();
        assertThatCode(() -> SignatureVerifier.enforce(result, -1)).doesNotThrowAnyException();
        assertRejected(result, 1);
    }

    @Test
    void validSig0WithMask1() throws Exception {
        int result = SignatureVerifier.verify(MANIFEST, Map.of("sig0", sig(K0)), KEYS);
        assertThat(result).isEqualTo(1);
        SignatureVerifier.enforce(result, 1);
        assertRejected(result, 3);
        assertRejected(result, 2);
    }

    @Test
    void twoSignaturesWithMask3() throws Exception {
        int result = SignatureVerifier.verify(MANIFEST, Map.of("sig0", sig(K0), "sig1", sig(K1)), KEYS);
        assertThat(result).isEqualTo(3);
        SignatureVerifier.enforce(result, 3);
        SignatureVerifier.enforce(result, 2); // key rotation: only key 1 required
    }

    @Test
    void maskZeroRejectsEverything() {
        int result = SignatureVerifier.verify(MANIFEST, Map.of("sig0", sig(K0), "sig1", sig(K1)), KEYS);
        assertThat(result).isEqualTo(3);
        assertRejected(result, 0);
    }

    @Test
    void signatureByTheWrongKeyFailsItsSlot() {
        assertThat(SignatureVerifier.verify(MANIFEST, Map.of("sig0", sig(K1), "sig1", sig(K1)), KEYS)).isEqualTo(2);
    }

    @Test
    void oneChangedManifestByteFailsEverySlot() {
        Map<String, String> sigs = Map.of("sig0", sig(K0), "sig1", sig(K1));
        byte[] changed = Arrays.copyOf(MANIFEST, MANIFEST.length);
        changed[changed.length - 3] ^= 1;
        assertThat(SignatureVerifier.verify(changed, sigs, KEYS)).isZero();
    }

    @Test
    void signatureInASlotWithoutKeyDoesNotCount() {
        List<String> keys = Arrays.asList(TestBundles.publicKeyBase64(K0), "", null, TestBundles.publicKeyBase64(K1));
        Map<String, String> sigs = Map.of("sig1", sig(K0), "sig2", sig(K0), "sig3", sig(K1), "sig5", sig(K1));
        assertThat(SignatureVerifier.verify(MANIFEST, sigs, keys)).isEqualTo(1 << 3);
    }

    @Test
    void malformedKeysAndSignaturesJustFailTheirBit() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        List<String> keys = List.of("not base64!", TestBundles.publicKeyBase64(K1),
                TestBundles.publicKeyBase64(p384), TestBundles.publicKeyBase64(K0));
        Map<String, String> sigs = Map.of("sig0", sig(K0), "sig1", "AAAA", "sig2",
                TestBundles.sign(MANIFEST, p384.getPrivate()), "sig3", "%%%", "sig4", sig(K0));
        assertThat(SignatureVerifier.verify(MANIFEST, sigs, keys)).isZero();
    }

    @Test
    void keysWithLineBreaksAreAccepted() {
        String wrapped = TestBundles.publicKeyBase64(K0).replaceAll("(.{64})", "$1\n");
        assertThat(SignatureVerifier.verify(MANIFEST, Map.of("sig0", sig(K0)), List.of(wrapped))).isEqualTo(1);
    }

    @Test
    void signedBundleEndToEnd() throws Exception {
        byte[] zip = BundleReaderTest.twoParts().signWith(0, K0.getPrivate()).signWith(1, K1.getPrivate())
                .signatureAttrs(Map.of("channel", "beta")).build();
        RecordingHandler h = new RecordingHandler();
        new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(zip), h);
        Manifest m = h.manifest;
        assertThat(m.extraAttributes()).containsKeys("sig0", "sig1").containsEntry("channel", "beta");
        assertThat(SignatureVerifier.verify(m.rawBytes(), m.extraAttributes(), KEYS)).isEqualTo(3);
        assertThat(SignatureVerifier.verify(m.rawBytes(), m.extraAttributes(), List.of(KEYS.get(1)))).isZero();
    }
}
