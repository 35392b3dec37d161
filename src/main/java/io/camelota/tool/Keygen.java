package io.camelota.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Makes a manifest signing key pair: {@code <name>.pem} (PKCS#8 "PRIVATE KEY") and {@code <name>.pub.b64}
 * (Base64 DER SubjectPublicKeyInfo, the value for a device's update.key0..7).
 */
public final class Keygen {

    private Keygen() {
    }

    /** The files written and the public key text. */
    public record Result(Path privateKeyFile, Path publicKeyFile, String publicKeyBase64) {
    }

    public static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));          // P-256: the only curve devices verify
        return g.generateKeyPair();
    }

    /** {@code base} may end in ".pem" (it is dropped to name the .pub.b64 file). Existing files are not replaced. */
    public static Result write(Path base) throws IOException, GeneralSecurityException {
        String name = base.getFileName().toString();
        if (name.endsWith(".pem")) {
            name = name.substring(0, name.length() - 4);
        }
        Path dir = base.toAbsolutePath().getParent();
        Path pem = dir.resolve(name + ".pem");
        Path pub = dir.resolve(name + ".pub.b64");
        for (Path p : new Path[] {pem, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "refusing to overwrite");
            }
        }
        KeyPair pair = generate();
        String publicB64 = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        writePrivate(pem, pemText("PRIVATE KEY", pair.getPrivate().getEncoded()));   // getEncoded() is PKCS#8
        Files.writeString(pub, publicB64 + "\n", StandardCharsets.US_ASCII);
        return new Result(pem, pub, publicB64);
    }

    static String pemText(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Owner-only permissions from the start where the file system has them, so the key is never world-readable. */
    private static void writePrivate(Path pem, String text) throws IOException {
        try {
            Files.createFile(pem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(pem);
        }
        Files.writeString(pem, text, StandardCharsets.US_ASCII);
    }
}
