package io.camelota.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming form of {@link AtomicFiles#write}, used for bundles (far bigger than a state file). */
class AtomicFilesContentTest {

    private static final Set<PosixFilePermission> PUBLISHED = PosixFilePermissions.fromString("rw-r--r--");

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void streamsReplacesAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("fw.zip");
        AtomicFiles.write(target, PUBLISHED, out -> out.write("first content".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, PUBLISHED, out -> {
            for (int i = 0; i < 1000; i++) {
                out.write(new byte[1000]);                     // more than one buffer's worth
            }
        });
        assertThat(Files.size(target)).isEqualTo(1_000_000);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PUBLISHED);
        assertThat(files()).containsExactly(target);
    }

    @Test
    void whileWritingTheContentIsInAPrivateTempFileNotTheTarget() throws Exception {
        Path target = dir.resolve("fw.zip");
        Files.writeString(target, "old");
        AtomicFiles.write(target, PUBLISHED, out -> {
            out.write('x');
            out.flush();
            assertThat(target).hasContent("old");
            List<Path> temps = files().stream().filter(p -> !p.equals(target)).toList();
            assertThat(temps).hasSize(1);
            assertThat(temps.get(0).getFileName().toString()).startsWith(".fw.zip").endsWith(".tmp");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temps.get(0))))
                    .isEqualTo("rw-------");
        });
        assertThat(target).hasContent("x");
    }

    @Test
    void aFailingWriterKeepsThePreviousContentAndRemovesItsTemp() throws Exception {
        Path target = dir.resolve("fw.zip");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, PUBLISHED, out -> {
            out.write(new byte[100_000]);
            throw new IOException("part changed while writing");
        })).hasMessage("part changed while writing");
        assertThat(target).hasContent("old");
        assertThat(files()).containsExactly(target);
    }
}
