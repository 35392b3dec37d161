package io.camelota.delta;

/**
 * The parameters of the content-defined chunker, recorded in every index so that a device chunks its
 * active slot exactly as the bundle tool chunked the new part (same cut points for the same bytes).
 *
 * @param minSize  no cut before this many bytes of a chunk (the gear hash is not even computed there)
 * @param avgSize  the target average, a power of two: it sets the cut masks
 * @param maxSize  a forced cut at this length (bounds memory: one chunk is verified in RAM before it is written)
 * @param gearSeed the seed the 256-entry gear table is derived from ({@link Gear})
 */
public record CdcParams(int minSize, int avgSize, int maxSize, long gearSeed) {

    /** Measured on ext4 images, random images and jars (docs/delta.md): 16 / 64 / 256 KiB. */
    public static final CdcParams DEFAULT = new CdcParams(16 << 10, 64 << 10, 256 << 10, 0x63616d656c6f7461L);

    /** The smallest and largest sizes a device accepts: below, the index grows; above, a chunk no longer fits RAM well. */
    public static final int SMALLEST_MIN = 1 << 10;
    public static final int LARGEST_MAX = 4 << 20;

    /** Null when a device can chunk with these parameters, else why not (the device then downloads in full). */
    public String unsupportedReason() {
        if (minSize < SMALLEST_MIN) {
            return "minimum chunk " + minSize + " < " + SMALLEST_MIN;
        }
        if (maxSize > LARGEST_MAX) {
            return "maximum chunk " + maxSize + " > " + LARGEST_MAX;
        }
        if (Integer.bitCount(avgSize) != 1 || avgSize < 4 * SMALLEST_MIN) {
            return "average chunk " + avgSize + " is not a power of two >= " + 4 * SMALLEST_MIN;
        }
        if (!(minSize < avgSize && avgSize < maxSize)) {
            return "chunk sizes not min < avg < max: " + minSize + " / " + avgSize + " / " + maxSize;
        }
        return null;
    }
}
