package io.camelota.bundle;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one reading of update.key0..7 and the one curve check, shared by device, signer and inspect. */
class SignatureVerifierKeysTest {

    private static KeyPair pair(String algorithm, java.security.spec.AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(spec);
        return g.generateKeyPair();
    }

    @Test
    void p256KeysParseAlsoWrappedOverLines() throws Exception {
        KeyPair kp = TestBundles.newEcKeyPair();
        String wrapped = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPublic().getEncoded());
        assertThat(SignatureVerifier.parseKey("  " + wrapped + "\n")).isEqualTo(kp.getPublic());
        assertThat(SignatureVerifier.isP256(kp.getPrivate())).isTrue();
    }

    @Test
    void otherCurvesAndOtherAlgorithmsAreNotP256() throws Exception {
        KeyPair p384 = pair("EC", new ECGenParameterSpec("secp384r1"));
        KeyPair p521 = pair("EC", new ECGenParameterSpec("secp521r1"));
        assertThatThrownBy(() -> SignatureVerifier.parseKey(TestBundles.publicKeyBase64(p384)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("P-256");
        assertThat(SignatureVerifier.isP256(p384.getPrivate())).isFalse();
        assertThat(SignatureVerifier.isP256(p521.getPublic())).isFalse();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThat(SignatureVerifier.isP256(rsa.generateKeyPair().getPrivate())).isFalse();
    }

    @Test
    void garbageIsNotAKeyAndSaysWhy() {
        assertThatThrownBy(() -> SignatureVerifier.parseKey("not base64!"))
                .isInstanceOf(GeneralSecurityException.class).isNotInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> SignatureVerifier.parseKey("AAAA"))
                .isInstanceOf(GeneralSecurityException.class).isNotInstanceOf(InvalidKeyException.class);
    }
}
