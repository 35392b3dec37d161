package io.camelota.bundle;

/**
 * Size limits applied while reading a bundle. Immutable; the {@code with*} methods return copies.
 * They exist because the body comes from the network: a hostile or broken bundle must not make the
 * reader buffer or write without bound (a manifest is held in RAM, entries may be zip bombs).
 */
public final class BundleLimits {

    private static final long MIB = 1024L * 1024L;

    private final long maxManifestBytes;
    private final int maxNameBytes;
    private final long maxEntrySize;

    private BundleLimits(long maxManifestBytes, int maxNameBytes, long maxEntrySize) {
        if (maxManifestBytes <= 0 || maxNameBytes <= 0 || maxEntrySize < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxManifestBytes = maxManifestBytes;
        this.maxNameBytes = maxNameBytes;
        this.maxEntrySize = maxEntrySize;
    }

    /** Manifest at most 1 MiB, names (after stripping the top folder) below 50 bytes, entries at most 4 GiB. */
    public static BundleLimits defaults() {
        return new BundleLimits(MIB, 49, 4096L * MIB);
    }

    public BundleLimits withMaxEntrySize(long bytes) {
        return new BundleLimits(maxManifestBytes, maxNameBytes, bytes);
    }

    public BundleLimits withMaxManifestBytes(long bytes) {
        return new BundleLimits(bytes, maxNameBytes, maxEntrySize);
    }

    /** Largest accepted manifest.json, in uncompressed bytes. */
    public long maxManifestBytes() {
        return maxManifestBytes;
    }

    /**
     * Largest accepted entry name in bytes, inclusive, after stripping the top folder. The default 49
     * mirrors the original's "name must be &lt; 50 bytes" rule.
     */
    public int maxNameBytes() {
        return maxNameBytes;
    }

    /** Largest accepted uncompressed entry, inclusive. */
    public long maxEntrySize() {
        return maxEntrySize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleLimits l && l.maxManifestBytes == maxManifestBytes
                && l.maxNameBytes == maxNameBytes && l.maxEntrySize == maxEntrySize;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maxManifestBytes) * 31 * 31 + maxNameBytes * 31 + Long.hashCode(maxEntrySize);
    }

    @Override
    public String toString() {
        return "BundleLimits[maxManifestBytes=" + maxManifestBytes + ", maxNameBytes=" + maxNameBytes
                + ", maxEntrySize=" + maxEntrySize + "]";
    }
}
