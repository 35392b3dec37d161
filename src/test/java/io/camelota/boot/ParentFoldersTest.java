package io.camelota.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data folder inside a world-writable, non-sticky parent: any user can move it away and put their
 * own (with a boot state of their choosing) in its place. Refused at start with exit 3; a sticky
 * world-writable parent (as /tmp) is fine.
 */
class ParentFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void aWorldWritableNonStickyParentStopsTheRealAgentWithExit3() throws Exception {
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = Files.createDirectories(open.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Dota.data_dir=" + data, "-Dota.http.port=0", "-Dupdate.url=", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.camelota.app.OtaMain").directory(tmp.toFile())
                .redirectOutput(tmp.resolve("agent.out").toFile()).redirectError(tmp.resolve("agent.err").toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();          // an agent that did not refuse runs on: stop it
        }
        String err = Files.readString(tmp.resolve("agent.err"));
        assertThat(ended).as("the agent stopped by itself; stderr " + err).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(BootStateException.EXIT_CODE);
        assertThat(err.lines().toList()).as(err).hasSize(1);
        assertThat(err).startsWith("camel-ota: " + open + ": world-writable without the sticky bit (mode 0777)");
        try (var files = Files.list(data)) {
            assertThat(files.toList()).as("nothing written into the data folder").isEmpty();
        }
    }

    @Test
    void aStickyWorldWritableParentIsAccepted() throws Exception {
        Path sticky = Files.createDirectories(tmp.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path data = sticky.resolve("data");
        DataFolder.prepare(data, data.resolve("boot-state.json"));
        assertThat(data).isDirectory();

        Path open = Files.createDirectories(tmp.resolve("a/open"));
        Files.setAttribute(open, "unix:mode", 0777);
        Path deep = open.resolve("b/c/data");
        assertThatThrownBy(() -> DataFolder.prepare(deep, deep.resolve("boot-state.json")))
                .isInstanceOf(BootStateException.class).hasMessageStartingWith(open + ": world-writable");
        assertThat(open.resolve("b")).as("refused before anything is created").doesNotExist();
        assertThat(List.of(open.toFile().list())).isEmpty();
    }
}
