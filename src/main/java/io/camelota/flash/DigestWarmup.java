package io.camelota.flash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Hashes a few MiB of zeros once per JVM, on a background thread, when the flash component starts: SHA-256 runs
 * on the CPU's SHA instructions only once C2 has compiled the digest loop (an intrinsic), and until then it
 * runs as interpreted or profiled Java at a few tens of MB/s. Left to the download itself, that compile waited
 * behind start-up's long C2 compiles (JFR and -XX:+PrintCompilation: the first 10 % of a 256 MiB download took
 * as long as the other 90 %); warmed here, it is usually done before the first poll's body arrives.
 */
final class DigestWarmup {

    /** Enough calls and loop iterations for the tiered thresholds (and C2's load feedback) to ask for C2. */
    static final int BYTES = 8 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final AtomicReference<Thread> STARTED = new AtomicReference<>();

    private DigestWarmup() {
    }

    /** Starts the warm-up unless this JVM already did; returns the (daemon) thread that runs it. */
    static Thread startOnce() {
        Thread t = new Thread(DigestWarmup::run, "digest-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        if (STARTED.compareAndSet(null, t)) {
            t.start();
        }
        return STARTED.get();
    }

    /** The work itself: the digests an install computes per chunk (SHA-256, the zip's CRC-32, the read-back's CRC-32C). */
    static byte[] run() {
        byte[] chunk = new byte[CHUNK];
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
        CRC32 crc = new CRC32();
        CRC32C crc32c = new CRC32C();
        for (int done = 0; done < BYTES; done += CHUNK) {
            sha256.update(chunk, 0, CHUNK);
            crc.update(chunk, 0, CHUNK);
            crc32c.update(chunk, 0, CHUNK);
        }
        return sha256.digest();
    }
}
