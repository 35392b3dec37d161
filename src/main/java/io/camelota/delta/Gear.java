package io.camelota.delta;

/**
 * The gear table of the rolling hash: 256 pseudo-random 64-bit words, derived from a seed with SplitMix64
 * so that an index needs to record 8 bytes instead of 2 KiB, and any seed is reproducible on every device.
 */
final class Gear {

    private Gear() {
    }

    static long[] table(long seed) {
        long[] t = new long[256];
        long x = seed;
        for (int i = 0; i < t.length; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            t[i] = z ^ (z >>> 31);
        }
        return t;
    }
}
