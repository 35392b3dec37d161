package io.camelota.delta;

import java.nio.file.Path;

import io.camelota.bundle.ManifestPart;

/**
 * One part to build by delta.
 *
 * @param name        its file name in the bundle (after the top folder)
 * @param part        its manifest entry (size, cs_sha256)
 * @param index       its verified chunk index
 * @param dataStart   the bundle offset of its first data byte
 * @param target      the slot it is written to (read back for resumed chunks only)
 * @param active      the same part's slot of the running firmware (only ever read), or null
 * @param activeBytes how much of {@code active} holds content
 * @param activeSha256 the running content's SHA-256 (its cached index), or null
 */
record DeltaPart(String name, ManifestPart part, ChunkIndex index, long dataStart, Path target, Path active,
                 long activeBytes, String activeSha256) {
}
