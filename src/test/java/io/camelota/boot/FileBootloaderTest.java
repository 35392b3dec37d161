package io.camelota.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBootloaderTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryField() throws Exception {
        FileBootloader b = new FileBootloader(dir.resolve("sub/boot-state.json"));
        assertThat(b.read()).as("nothing written yet").isNull();

        SlotContent factory = new SlotContent("app", "ubuntu", "1.0", "f", null, null);
        SlotContent next = new SlotContent("app", "ubuntu", "1.1", "n", "ab".repeat(32), 99L);
        BootState s = new BootState(1, 0, false, 45, true, factory, Map.of(0, factory, 1, next), "Update commit timeout expired");
        b.write(s);

        BootState back = new FileBootloader(b.file()).read();
        assertThat(back).isEqualTo(s);
        String json = Files.readString(b.file());
        assertThat(json).contains("\"active_slot\"", "\"revert_slot\"", "\"is_committed\"", "\"commit_timeout\"",
                "\"first_boot_tried\"", "\"build_id\"");
        assertThat(json).as("null fields are left out").doesNotContain("null");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.writeString(f, "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":true,\"future\":42}");
        BootState s = new FileBootloader(f).read();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.committed()).isTrue();
        assertThat(s.slots()).isEmpty();
    }

    @Test
    void unreadableStateIsAnErrorNotAFactoryReset() throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.write(f, "{\"active_slot\": 1, tru".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new FileBootloader(f).read())
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("unreadable");
    }
}
