package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up check of the data folder, on real folders, links and modes. */
class DataFolderTest {

    private static final String STATE = "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,"
            + "\"slots\":{\"0\":{\"version\":\"1.0\"}}}";

    @TempDir
    Path tmp;

    @Test
    void aNewDataFolderAndItsUploadsFolderAre0700() throws Exception {
        Path data = tmp.resolve("a/data");
        DataFolder.prepare(data, data.resolve("boot-state.json"));
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("uploads"))).isEqualTo("rwx------");
    }

    @Test
    void anExistingFolderOnlyTheOwnerWritesIsNarrowedTo0700() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        DataFolder.prepare(data, data.resolve("boot-state.json"));
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void aWorldWritableDataFolderIsRefused() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> DataFolder.prepare(data, data.resolve("boot-state.json")))
                .isInstanceOf(BootStateException.class)
                .hasMessage(data + ": data folder is writable by group or others (mode 0777); check its content, then chmod 700 it");
        assertThat(mode(data)).as("left as found").isEqualTo("rwxrwxrwx");
    }

    @Test
    void aGroupWritableBootStateIsRefusedAndLeftByteIdentical() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path state = Files.writeString(data.resolve("boot-state.json"), STATE);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-rw----"));
        assertThatThrownBy(() -> DataFolder.prepare(data, state)).isInstanceOf(BootStateException.class)
                .hasMessageContaining("boot state is writable by group or others (mode 0660)");
        assertThat(Files.readString(state)).isEqualTo(STATE);
    }

    @Test
    void aSymlinkedDataFolderOrBootStateIsRefused() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        assertThatThrownBy(() -> DataFolder.prepare(link, link.resolve("boot-state.json")))
                .isInstanceOf(BootStateException.class).hasMessageContaining("data folder is a symbolic link");

        Path data = Files.createDirectories(tmp.resolve("data2"));
        Path victim = Files.writeString(tmp.resolve("victim.json"), STATE);
        Path state = Files.createSymbolicLink(data.resolve("boot-state.json"), victim);
        assertThatThrownBy(() -> DataFolder.prepare(data, state))
                .isInstanceOf(BootStateException.class).hasMessageContaining("boot state is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo(STATE);
    }

    @Test
    void aSymlinkedUploadsFolderIsRefused() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(data.resolve("uploads"), elsewhere);
        assertThatThrownBy(() -> DataFolder.prepare(data, data.resolve("boot-state.json")))
                .isInstanceOf(BootStateException.class).hasMessageContaining("uploads folder is a symbolic link");
    }

    @Test
    void staleTempFilesOfInterruptedWritesAreRemovedOthersKept() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve(".boot-state.json.123456.tmp"), "{\"active_slot\": 1, tru");
        Path slot = Files.writeString(data.resolve("slot0.img"), "factory");
        DataFolder.prepare(data, data.resolve("boot-state.json"));
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("slot0.img", "uploads");
        }
        assertThat(slot).hasContent("factory");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
