package io.camelota.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The boot-state file: round trip, and every read validated (issue 9 item 7) — a bad state is refused, never reset. */
class BootStateFileTest {

    private static final String SLOTS = "\"slots\":{\"0\":{\"version\":\"1.0\"},\"1\":{\"version\":\"1.1\"}}";

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryField() throws Exception {
        BootStateFile b = new BootStateFile(dir.resolve("sub/boot-state.json"));
        assertThat(b.read()).as("nothing written yet").isNull();

        SlotContent factory = new SlotContent("app", "ubuntu", "1.0", "f", null, null);
        SlotContent next = new SlotContent("app", "ubuntu", "1.1", "n", "ab".repeat(32), 99L);
        BootState s = new BootState(1, 0, false, 45, 3, 1, factory, Map.of(0, factory, 1, next),
                "Update reverted: health check failed", null);
        b.write(s);

        BootState back = new BootStateFile(b.file()).read();
        assertThat(back).isEqualTo(s);
        assertThat(back.attemptsLeft()).isEqualTo(2);
        String json = Files.readString(b.file());
        assertThat(json).contains("\"active_slot\"", "\"revert_slot\"", "\"is_committed\"", "\"commit_timeout\"",
                "\"boot_attempts\"", "\"boot_count\"", "\"build_id\"");
        assertThat(json).as("null fields are left out").doesNotContain("null");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.writeString(f, "{\"active_slot\":1,\"revert_slot\":1,\"is_committed\":true,\"future\":42," + SLOTS + "}");
        BootState s = new BootStateFile(f).read();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.committed()).isTrue();
        assertThat(s.activeContent().version()).isEqualTo("1.1");
    }

    @Test
    void aStateFromBeforeBootAttemptsCountsTheTombstoneAsOneAttemptUsed() throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.writeString(f, "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":false,\"commit_timeout\":30,"
                + "\"first_boot_tried\":true," + SLOTS + "}");
        BootState s = new BootStateFile(f).read();
        assertThat(s.bootCount()).isEqualTo(1);
        assertThat(s.started()).isTrue();
        assertThat(s.withAttemptsIfUnset(3).attemptsLeft()).isEqualTo(2);

        Files.writeString(f, "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":false,"
                + "\"first_boot_tried\":false," + SLOTS + "}");
        assertThat(new BootStateFile(f).read().withAttemptsIfUnset(3).attemptsLeft()).isEqualTo(3);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                                          | empty",
        "null                                                                        | not a JSON object (found null)",
        "[]                                                                          | not a JSON object",
        "{}                                                                          | lacks active_slot",
        "{\"active_slot\": 1, tru                                                    | not valid JSON (truncated?)",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true," + SLOTS + "} x  | not valid JSON",
        "{\"active_slot\":7,\"revert_slot\":0,\"is_committed\":true," + SLOTS + "}    | active_slot is 7, must be 0 or 1",
        "{\"active_slot\":\"1\",\"revert_slot\":0,\"is_committed\":true," + SLOTS + "} | active_slot is \"1\", must be 0 or 1",
        "{\"active_slot\":0,\"revert_slot\":-1,\"is_committed\":true," + SLOTS + "}   | revert_slot is -1",
        "{\"active_slot\":0,\"revert_slot\":0," + SLOTS + "}                          | lacks is_committed",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":\"yes\"," + SLOTS + "} | is_committed is \"yes\"",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true}                  | lacks slots",
        "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":true,\"slots\":{\"0\":{\"version\":\"1.0\"}}} | active slot 1 has no recorded content",
        "{\"active_slot\":0,\"revert_slot\":1,\"is_committed\":false,\"slots\":{\"0\":{\"version\":\"1.0\"}}} | revert slot 1 has no recorded content",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,\"slots\":{\"0\":{}}} | slot 0 content has no version",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,\"slots\":{\"0\":{\"version\":\"1\"},\"2\":{\"version\":\"1\"}}} | slots are 0 and 1",
        "{\"active_slot\":1,\"revert_slot\":1,\"is_committed\":false," + SLOTS + "}   | no other slot to fall back to",
        "{\"active_slot\":1,\"revert_slot\":0,\"is_committed\":false,\"boot_attempts\":3,\"boot_count\":4," + SLOTS + "} | boot_count 4 exceeds boot_attempts 3",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,\"commit_timeout\":-5," + SLOTS + "} | commit_timeout is -5",
        "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,\"rejected\":7," + SLOTS + "} | wrong type",
    })
    void anInvalidStateIsRefusedNamingTheFileAndTheProblem(String content, String problem) throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.writeString(f, content);
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> new BootStateFile(f).read())
                .isInstanceOf(BootStateException.class)
                .hasMessageStartingWith(f.toString() + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(f)).as("a refused state is left exactly as it was").isEqualTo(before);
    }

    @Test
    void aSymlinkedStateIsRefusedAndItsTargetNotRead() throws Exception {
        Path real = dir.resolve("elsewhere.json");
        Files.writeString(real, "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true," + SLOTS + "}");
        Path f = Files.createSymbolicLink(dir.resolve("boot-state.json"), real);
        assertThatThrownBy(() -> new BootStateFile(f).read()).isInstanceOf(BootStateException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aStateOthersMayWriteIsRefused() throws Exception {
        Path f = dir.resolve("boot-state.json");
        Files.writeString(f, "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true," + SLOTS + "}",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> new BootStateFile(f).read()).isInstanceOf(BootStateException.class)
                .hasMessageContaining("writable by group or others (mode 0666)");
    }

    @Test
    void theStateIsWrittenOwnerOnly() throws Exception {
        BootStateFile b = new BootStateFile(dir.resolve("new/boot-state.json"));
        b.write(BootState.factory(new SlotContent("app", "ubuntu", "1.0", "f", null, null)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.file().getParent())))
                .isEqualTo("rwx------");
    }
}
