package io.camelota.delta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A delta checkpoint only counts for the same bundle into the same slot, and a broken file counts for nothing. */
class DeltaCheckpointTest {

    @TempDir
    Path dir;

    private static DeltaCheckpoint cp(String validator, int active, int target) {
        return new DeltaCheckpoint("http://s/fw.zip", validator, "ab", active, target, List.of("fs.img"), "fw.bin", 7,
                700_000);
    }

    @Test
    void onlyTheSameBundleIntoTheSameSlotResumes() {
        DeltaCheckpoint saved = cp("\"e1\"", 0, 1);
        assertThat(cp("\"e1\"", 0, 1).sameAttempt(saved)).isTrue();
        assertThat(cp("\"e2\"", 0, 1).sameAttempt(saved)).as("another bundle").isFalse();
        assertThat(cp("\"e1\"", 1, 0).sameAttempt(saved)).as("the slots swapped since").isFalse();
        assertThat(new DeltaCheckpoint("http://s/other.zip", "\"e1\"", "ab", 0, 1, List.of(), null, 0, 0)
                .sameAttempt(saved)).isFalse();
        assertThat(saved.provenChunks("fs.img", 40)).isEqualTo(40);
        assertThat(saved.provenChunks("fw.bin", 90)).isEqualTo(7);
        assertThat(saved.provenChunks("fw.bin", 5)).as("never more than the part has").isEqualTo(5);
        assertThat(saved.provenChunks("other.bin", 9)).isZero();
    }

    @Test
    void savedAtomicallyAndABrokenFileIsIgnored() throws Exception {
        DeltaCheckpoint.Store store = new DeltaCheckpoint.Store(dir.resolve("delta-state.json"));
        assertThat(store.load()).isNull();
        store.save(cp("\"e1\"", 0, 1));
        assertThat(store.load()).isEqualTo(cp("\"e1\"", 0, 1));
        Files.writeString(dir.resolve("delta-state.json"), "{\"url\": ");
        assertThat(store.load()).isNull();
        store.delete();
        assertThat(dir.resolve("delta-state.json")).doesNotExist();
    }
}
