package io.camelota.delta;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

final class DeltaTestSupport {

    private DeltaTestSupport() {
    }

    /** Bytes of the chunks of {@code index} that {@code old} does not contain: what a delta must fetch. */
    static long changedBytes(byte[] old, ChunkIndex index) throws IOException {
        Set<ByteBuffer> have = new HashSet<>();
        new FastCdc(index.params()).scan(new ByteArrayInputStream(old), Long.MAX_VALUE,
                (off, len, sha) -> have.add(ByteBuffer.wrap(sha)));
        long sum = 0;
        for (int i = 0; i < index.count(); i++) {
            if (!have.contains(ByteBuffer.wrap(index.hashes()[i]))) {
                sum += index.lengths()[i];
            }
        }
        return sum;
    }
}
