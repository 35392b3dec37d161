package io.camelota.bundle;

import java.util.Set;

/**
 * Where a broken download of a bundle can carry on: inside a STORED entry, after {@code delivered} of its
 * bytes were handed to the sink. Only stored entries qualify: their data can be restarted at any byte
 * (a deflate stream's state cannot be rebuilt without re-inflating from its start).
 *
 * @param rawName   the entry's name as in its local header
 * @param crc       the CRC-32 its local header declares
 * @param size      its (stored = compressed = uncompressed) size
 * @param dataStart bundle offset of its first data byte
 * @param delivered bytes of it already delivered to the sink
 * @param prefixCrc CRC-32 of those delivered bytes: proves a re-read prefix is what was delivered
 * @param finished  names (after stripping) of the files before it that were already completed
 */
public record ResumePoint(String rawName, long crc, long size, long dataStart, long delivered, long prefixCrc,
                          Set<String> finished) {

    public ResumePoint {
        finished = finished == null ? Set.of() : Set.copyOf(finished);
    }

    /** The bundle offset to request the rest from (Range: bytes=N-). */
    public long offset() {
        return dataStart + delivered;
    }
}
