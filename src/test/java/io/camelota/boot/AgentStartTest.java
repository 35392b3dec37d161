package io.camelota.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real JVMs on real data folders (issue 9 items 7 and 8): a boot state or data folder the agent cannot
 * trust stops {@code OtaMain} before anything runs, with exit code 3 and one line naming the file — and
 * leaves the boot state and the active slot byte-identical; and what the agent creates is 0700/0600 even
 * under {@code umask 000}.
 */
class AgentStartTest {

    private static final String VALID = "{\"active_slot\":0,\"revert_slot\":0,\"is_committed\":true,"
            + "\"slots\":{\"0\":{\"version\":\"1.0\"}}}";

    @TempDir
    Path tmp;

    @Test
    void anInvalidBootStateStopsTheStartWithExit3AndOneLine() throws Exception {
        // the whole matrix of bad contents is BootStateFileTest's; here: that a real start stops on them
        for (String bad : new String[] {"null", "{\"active_slot\":7,\"revert_slot\":0,\"is_committed\":true,"
                + "\"slots\":{\"0\":{\"version\":\"1.0\"}}}", ""}) {
            Path data = Files.createDirectories(tmp.resolve("d" + Math.abs(bad.hashCode())));
            Path state = Files.writeString(data.resolve("boot-state.json"), bad);
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-------"));
            refusedWithExit3(data, state, "boot-state.json: ");
        }
    }

    @Test
    void aSymlinkedOrWorldWritableBootStateOrFolderStopsTheStart() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.json"), VALID);
        Path linked = Files.createDirectories(tmp.resolve("linked"));
        refusedWithExit3(linked, Files.createSymbolicLink(linked.resolve("boot-state.json"), victim), "symbolic link");
        assertThat(Files.readString(victim)).isEqualTo(VALID);

        Path writable = Files.createDirectories(tmp.resolve("writable"));
        Path state = Files.writeString(writable.resolve("boot-state.json"), VALID);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-rw-rw-"));
        refusedWithExit3(writable, state, "writable by group or others (mode 0666)");

        Path open = Files.createDirectories(tmp.resolve("open"));
        Path ok = Files.writeString(open.resolve("boot-state.json"), VALID);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        refusedWithExit3(open, ok, "data folder is writable by group or others (mode 0777)");
    }

    @Test
    void underUmask000TheDataFolderIs0700AndEveryFile0600() throws Exception {
        Path data = tmp.resolve("fresh/data");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\""));
        cmd.addAll(java(List.of(), "io.camelota.boot.UmaskProbe", data.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("uploads"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("slots"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("boot-state.json"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("http-validators.json"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("slots/slot1.img"))).isEqualTo("rw-------");
        // the control: the same JVM under umask 000 creates a plain file world-writable
        Path control = tmp.resolve("control");
        Process c = new ProcessBuilder("/bin/sh", "-c", "umask 000; touch '" + control + "'").start();
        assertThat(c.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mode(control)).isEqualTo("rw-rw-rw-");
    }

    /** Starts the agent on {@code data}: it must exit 3 with one line, the state and slot 0 byte-identical. */
    private void refusedWithExit3(Path data, Path state, String expected) throws Exception {
        Path slot0 = Files.write(data.resolve("slot0.img"), new byte[] {1, 2, 3, 4});
        byte[] stateBefore = Files.readAllBytes(state);
        byte[] slotBefore = Files.readAllBytes(slot0);
        List<String> cmd = java(List.of("-Dota.data_dir=" + data, "-Dota.http.port=0", "-Dupdate.url="),
                "io.camelota.app.OtaMain");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; stdout " + out + " stderr " + err).isEqualTo(BootStateException.EXIT_CODE);
        assertThat(err.lines().toList()).as("one line on stderr").hasSize(1);
        assertThat(err).startsWith("camel-ota: ").contains(data.getFileName().toString()).contains(expected);
        assertThat(Files.readAllBytes(state)).as("boot state byte-identical").isEqualTo(stateBefore);
        assertThat(Files.readAllBytes(slot0)).as("active slot byte-identical").isEqualTo(slotBefore);
        try (var files = Files.list(data)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("nothing written but the uploads folder")
                    .isSubsetOf("boot-state.json", "slot0.img", "uploads");
        }
    }

    private static List<String> java(List<String> props, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx64m");
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(AgentProcess.childClassPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
