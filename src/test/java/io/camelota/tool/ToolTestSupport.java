package io.camelota.tool;

import io.camelota.bundle.SignatureVerifier;
import io.camelota.bundle.TestBundles;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Shared helpers: running the CLI and external tools, writing keys, and walking local zip headers. */
final class ToolTestSupport {

    private ToolTestSupport() {
    }

    record Run(int exitCode, String out, String err) {
    }

    /** Whether a program is on the PATH (unzip/openssl are installed in CI but maybe not on a laptop). */
    static boolean installed(String program) {
        try {
            return exec("which", program).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Run exec(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Path randomFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] data = TestBundles.randomBytes(size, seed);
        return Files.write(dir.resolve(name), data);
    }

    /**
     * SEC1 "EC PRIVATE KEY" with the named curve, as openssl ecparam -genkey writes it. Built by hand because
     * JcaPEMWriter, given a JDK KeyPair, writes SEC1 without the curve parameters, which no reader can load.
     */
    static Path writeSec1(Path file, KeyPair pair) throws IOException {
        java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) pair.getPrivate();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        ECPrivateKey sec1 = new ECPrivateKey(256, priv.getS(), new DERBitString(spki.getPublicKeyData().getBytes()),
                SECObjectIdentifiers.secp256r1);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); PemWriter pem = new PemWriter(w)) {
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return file;
    }

    /** Whether {@code sig} verifies with {@code key}, decided by the device's verifier. */
    static boolean verifies(PublicKey key, String sig, byte[] manifest) {
        return SignatureVerifier.verify(manifest, Map.of("sig0", sig), List.of(b64(key))) == 1;
    }

    static String b64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static Path writePkcs8(Path file, KeyPair pair) throws IOException {
        return Files.writeString(file, Keygen.pemText("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    /**
     * One local file header and its data, straight from the bytes. Deliberately not the device's reader: these
     * tests check the bytes the tool wrote (method, flags, header CRC, sizes) with an oracle that does not share
     * the code under test, and the reader does not expose header fields.
     */
    record Local(long offset, int flags, int method, long crc, long compressedSize, long size, String name,
                 byte[] extra, byte[] data) {
    }

    static List<Local> localEntries(Path zip) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        List<Local> result = new ArrayList<>();
        while (b.remaining() >= 4 && b.getInt(b.position()) == 0x04034B50) {
            long offset = b.position();
            b.getInt();
            b.getShort();
            int flags = b.getShort() & 0xFFFF;
            int method = b.getShort() & 0xFFFF;
            b.getInt();                                              // time, date
            long crc = b.getInt() & 0xFFFFFFFFL;
            long csize = b.getInt() & 0xFFFFFFFFL;
            long size = b.getInt() & 0xFFFFFFFFL;
            byte[] name = new byte[b.getShort() & 0xFFFF];
            byte[] extra = new byte[b.getShort() & 0xFFFF];
            b.get(name).get(extra);
            byte[] data = new byte[(int) csize];
            b.get(data);
            result.add(new Local(offset, flags, method, crc, csize, size, new String(name, StandardCharsets.UTF_8),
                    extra, data));
        }
        return result;
    }
}
