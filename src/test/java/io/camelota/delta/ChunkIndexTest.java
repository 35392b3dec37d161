package io.camelota.delta;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunker's promises (deterministic, shift-resistant, bounded sizes) and the index reader's refusals. */
class ChunkIndexTest {

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ChunkIndex index(byte[] data) throws IOException {
        return ChunkIndex.of(new ByteArrayInputStream(data), CdcParams.DEFAULT);
    }

    static Set<ByteBuffer> hashes(ChunkIndex i) {
        Set<ByteBuffer> s = new HashSet<>();
        for (byte[] h : i.hashes()) {
            s.add(ByteBuffer.wrap(h));
        }
        return s;
    }

    @Test
    void sameBytesSameChunksAndSizesWithinBounds() throws IOException {
        byte[] data = random(8 << 20, 1);
        ChunkIndex a = index(data);
        ChunkIndex b = index(data.clone());
        assertThat(a).isEqualTo(b);
        assertThat(Arrays.stream(a.lengths()).asLongStream().sum()).isEqualTo(data.length);
        for (int i = 0; i < a.count() - 1; i++) {
            assertThat(a.lengths()[i]).isBetween(CdcParams.DEFAULT.minSize(), CdcParams.DEFAULT.maxSize());
        }
        double avg = (double) data.length / a.count();
        // normalized chunking keeps the mean near the configured average (min + about avg)
        assertThat(avg).isBetween(48.0 * 1024, 110.0 * 1024);
    }

    @Test
    void anInsertionOnlyChangesTheChunksAroundIt() throws IOException {
        byte[] data = random(8 << 20, 2);
        byte[] changed = new byte[data.length + 1000];
        int at = 3 << 20;
        System.arraycopy(data, 0, changed, 0, at);
        System.arraycopy(random(1000, 9), 0, changed, at, 1000);
        System.arraycopy(data, at, changed, at + 1000, data.length - at);
        ChunkIndex before = index(data);
        ChunkIndex after = index(changed);
        Set<ByteBuffer> old = hashes(before);
        int fresh = 0;
        for (byte[] h : after.hashes()) {
            if (!old.contains(ByteBuffer.wrap(h))) {
                fresh++;
            }
        }
        assertThat(fresh).isBetween(1, 3);
        // with a fixed-size split every chunk after the insertion would have changed
        assertThat(after.count() - fresh).isGreaterThan(after.count() * 9 / 10);
    }

    @Test
    void encodeDecodeRoundTrip() throws Exception {
        ChunkIndex i = index(random(1 << 20, 3)).withDataOffset(1234);
        byte[] raw = IndexCodec.encode(i);
        assertThat(raw.length).isEqualTo(48 + 36 * i.count());
        assertThat(IndexCodec.decode(raw, 1 << 20)).isEqualTo(i);
    }

    @Test
    void hostileIndexesAreRefusedWithTheReason() throws Exception {
        ChunkIndex i = index(random(1 << 20, 4));
        byte[] raw = IndexCodec.encode(i);

        byte[] magic = raw.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> IndexCodec.decode(magic, 1 << 20)).hasMessageContaining("bad magic");

        assertThatThrownBy(() -> IndexCodec.decode(raw, (1 << 20) + 1)).hasMessageContaining("the part has");

        // absurd count: refused before anything is allocated for it
        byte[] many = raw.clone();
        ByteBuffer.wrap(many).putInt(44, Integer.MAX_VALUE);
        assertThatThrownBy(() -> IndexCodec.decode(many, 1 << 20)).hasMessageContaining("chunks for 1048576 bytes (at most 64");

        // a first chunk stretched past the part: out of the part
        byte[] beyond = raw.clone();
        ByteBuffer.wrap(beyond).putInt(48, CdcParams.DEFAULT.maxSize());
        ByteBuffer.wrap(beyond).putInt(48 + 36, CdcParams.DEFAULT.maxSize());
        ByteBuffer.wrap(beyond).putInt(48 + 72, CdcParams.DEFAULT.maxSize());
        ByteBuffer.wrap(beyond).putInt(48 + 108, CdcParams.DEFAULT.maxSize());
        ByteBuffer.wrap(beyond).putInt(48 + 144, CdcParams.DEFAULT.maxSize());
        assertThatThrownBy(() -> IndexCodec.decode(beyond, 1 << 20)).hasMessageContaining("outside the part");

        // a shortened chunk: the lengths no longer sum to the part (a gap the device would never fill)
        byte[] gap = raw.clone();
        ByteBuffer.wrap(gap).putInt(48, i.lengths()[0] - 1);
        assertThatThrownBy(() -> IndexCodec.decode(gap, 1 << 20)).hasMessageContaining("chunks cover 1048575");

        byte[] tooLong = ByteBuffer.wrap(raw.clone()).putInt(48, CdcParams.DEFAULT.maxSize() + 1).array();
        assertThatThrownBy(() -> IndexCodec.decode(tooLong, 1 << 20)).hasMessageContaining("has length 262145");

        byte[] truncated = Arrays.copyOf(raw, raw.length - 1);
        assertThatThrownBy(() -> IndexCodec.decode(truncated, 1 << 20)).hasMessageContaining("bytes for");

        byte[] params = raw.clone();
        ByteBuffer.wrap(params).putInt(16, 64 << 20);
        assertThatThrownBy(() -> IndexCodec.decode(params, 1 << 20)).isInstanceOf(DeltaUnsupported.class)
                .hasMessageContaining("maximum chunk");
        byte[] version = raw.clone();
        version[5] = 9;
        assertThatThrownBy(() -> IndexCodec.decode(version, 1 << 20)).isInstanceOf(DeltaUnsupported.class);
    }
}
