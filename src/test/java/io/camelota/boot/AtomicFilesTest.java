package io.camelota.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @TempDir
    Path dir;
    @TempDir
    Path outside;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReplacesAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, utf8("first, rather long content"));
        assertThat(target).hasContent("first, rather long content");
        AtomicFiles.write(target, utf8("second"));
        assertThat(target).hasContent("second");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void createsMissingFolders() throws Exception {
        Path target = dir.resolve("a/b/state.json");
        AtomicFiles.write(target, utf8("x"));
        assertThat(target).hasContent("x");
    }

    @Test
    void aStaleTempAtTheOldFixedNameIsNeitherReadNorReused() throws Exception {
        Path target = dir.resolve("state.json");
        Path stale = dir.resolve(".state.json.tmp");
        Files.write(stale, new byte[10_000]);
        AtomicFiles.write(target, utf8("short"));
        assertThat(Files.readAllBytes(target)).isEqualTo(utf8("short"));
        assertThat(Files.size(stale)).as("the random-named temp never touches it").isEqualTo(10_000);
        assertThat(AtomicFiles.removeStaleTemps(dir)).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aSymlinkPlantedAtTheOldTempNameIsNotWrittenThrough() throws Exception {
        // the attack: the agent (maybe root) used to open .boot-state.json.tmp and write through it
        Path victim = Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
        byte[] before = Files.readAllBytes(victim);
        Path target = dir.resolve("boot-state.json");
        Files.createSymbolicLink(dir.resolve(".boot-state.json.tmp"), victim);

        AtomicFiles.write(target, utf8("{\"state\":1}"));

        assertThat(Files.readAllBytes(victim)).as("the link's target is untouched").isEqualTo(before);
        assertThat(target).hasContent("{\"state\":1}");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(AtomicFiles.removeStaleTemps(dir)).as("the planted link is removed at start").isEqualTo(1);
        assertThat(Files.readAllBytes(victim)).as("removing the link leaves its target").isEqualTo(before);
    }

    @Test
    void aSymlinkPlantedAtTheTargetIsReplacedNotFollowed() throws Exception {
        Path victim = Files.writeString(outside.resolve("shadow"), "secret");
        Path target = Files.createSymbolicLink(dir.resolve("boot-state.json"), victim);

        AtomicFiles.write(target, utf8("new"));

        assertThat(victim).hasContent("secret");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("new");
    }

    @Test
    void filesAre0600AndNewFolders0700() throws Exception {
        Path target = dir.resolve("a/b/state.json");
        AtomicFiles.write(target, utf8("x"));
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(mode(target.getParent())).isEqualTo("rwx------");
        assertThat(mode(target.getParent().getParent())).isEqualTo("rwx------");
    }

    @Test
    void failedTempWriteKeepsThePreviousContent() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, utf8("old"));
        // a directory where the target must go: the rename fails, even as root
        Path folderTarget = Files.createDirectories(dir.resolve("sub/state.json"));
        Files.writeString(folderTarget.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFiles.write(folderTarget, utf8("new"))).isInstanceOf(IOException.class);
        assertThat(target).hasContent("old");
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files).as("no temp file left behind").containsExactly(folderTarget);
        }
    }

    @Test
    void aStreamedWriteGetsTheModeAskedFor() throws Exception {
        Path target = dir.resolve("fw.zip");
        AtomicFiles.write(target, PosixFilePermissions.fromString("rw-r--r--"), out -> {
            for (int i = 0; i < 1000; i++) {
                out.write(new byte[1000]);
            }
        });
        assertThat(Files.size(target)).isEqualTo(1_000_000);
        assertThat(mode(target)).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void syncDirectoryNeverThrows() {
        AtomicFiles.syncDirectory(dir);
        AtomicFiles.syncDirectory(dir.resolve("missing"));
    }
}
