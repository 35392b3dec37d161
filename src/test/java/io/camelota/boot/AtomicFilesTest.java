package io.camelota.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @TempDir
    Path dir;

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
        assertThat(dir.resolve(".state.json.tmp")).doesNotExist();
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
    void staleTempFromAnInterruptedWriteIsOverwrittenNotAppended() throws Exception {
        Path target = dir.resolve("state.json");
        Files.write(dir.resolve(".state.json.tmp"), new byte[10_000]);
        AtomicFiles.write(target, utf8("short"));
        assertThat(Files.readAllBytes(target)).isEqualTo(utf8("short"));
        assertThat(dir.resolve(".state.json.tmp")).doesNotExist();
    }

    @Test
    void failedTempWriteKeepsThePreviousContent() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, utf8("old"));
        // a directory where the temp file must go: opening it for writing fails, even as root
        Files.createDirectory(dir.resolve(".state.json.tmp"));
        assertThatThrownBy(() -> AtomicFiles.write(target, utf8("new"))).isInstanceOf(IOException.class);
        assertThat(target).hasContent("old");
    }

    @Test
    void syncDirectoryNeverThrows() {
        AtomicFiles.syncDirectory(dir);
        AtomicFiles.syncDirectory(dir.resolve("missing"));
    }
}
