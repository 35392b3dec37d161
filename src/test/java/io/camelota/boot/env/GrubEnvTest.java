package io.camelota.boot.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Interop with grub-editenv on a real grubenv file. */
class GrubEnvTest {

    @TempDir
    Path dir;
    Path file;
    GrubEnv env;

    @BeforeEach
    void environment() {
        BootTools.require("grub-editenv", "grub-common");
        file = dir.resolve("grubenv");
        env = new GrubEnv(file);
    }

    @Test
    void whatTheAgentWritesIsWhatGrubEditenvLists() throws Exception {
        BootTools.run("grub-editenv", file.toString(), "create");
        BootTools.run("grub-editenv", file.toString(), "set", "saved_entry=1", "A_OK=1", "A_TRY=0");

        env.apply(Map.of("ORDER", "B A", "B_OK", "1", "B_TRY", "0"));

        assertThat(BootTools.run("grub-editenv", file.toString(), "list").lines())
                .contains("ORDER=B A", "B_OK=1", "B_TRY=0")
                .as("variables the agent did not touch survive")
                .contains("saved_entry=1", "A_OK=1", "A_TRY=0");
        assertThat(Files.size(file)).as("still a GRUB environment block").isEqualTo(1024);
    }

    @Test
    void theAgentReadsWhatGrubEditenvWrote() throws Exception {
        BootTools.run("grub-editenv", file.toString(), "create");
        BootTools.run("grub-editenv", file.toString(), "set", "ORDER=A B", "A_OK=1", "B_TRY=1", "x=a=b");

        assertThat(env.read()).containsEntry("ORDER", "A B").containsEntry("A_OK", "1").containsEntry("B_TRY", "1")
                .containsEntry("x", "a=b");
    }

    @Test
    void noFileIsAnEmptyEnvironmentAndTheFirstWriteCreatesIt() throws Exception {
        assertThat(env.read()).isEmpty();
        assertThat(file).as("reading does not create it").doesNotExist();

        env.apply(Map.of("ORDER", "A B"));

        assertThat(Files.size(file)).isEqualTo(1024);
        assertThat(BootTools.run("grub-editenv", file.toString(), "list")).isEqualTo("ORDER=A B\n");
    }

    @Test
    void setAndUnsetInOneApply() throws Exception {
        env.apply(Map.of("ORDER", "A B", "B_OK", "1", "B_TRY", "1"));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("B_TRY", null);
        changes.put("B_OK", "0");
        env.apply(changes);

        assertThat(env.read()).containsEntry("B_OK", "0").doesNotContainKey("B_TRY").containsEntry("ORDER", "A B");
    }

    /**
     * grub-editenv alone truncates and rewrites in place; the agent edits a copy and renames it over
     * the block, so the block is a new file each time and a cut before the rename leaves the old one.
     */
    @Test
    void aChangeReplacesTheBlockWholeAndACutBeforeTheRenameLeavesTheOld() throws Exception {
        env.apply(Map.of("ORDER", "A B", "B_OK", "0"));
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        env.apply(Map.of("ORDER", "B A", "B_OK", "1"));
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isNotEqualTo(inode);
        assertThat(dir.resolve(".grubenv.new-env")).as("no copy left behind").doesNotExist();

        // a cut after the copy was edited but before the rename: a half-made copy lies beside the block
        Files.write(dir.resolve(".grubenv.new-env"), new byte[100]);
        assertThat(env.read()).containsEntry("ORDER", "B A").containsEntry("B_OK", "1");
        env.apply(Map.of("B_TRY", "0"));
        assertThat(env.read()).containsEntry("ORDER", "B A").containsEntry("B_TRY", "0");
    }

    @Test
    void aFullBlockIsAnErrorAndTheOldBlockStays() throws Exception {
        env.apply(Map.of("ORDER", "A B"));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> env.apply(Map.of("big", "x".repeat(2000))))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("grub-editenv");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThatThrownBy(() -> env.apply(Map.of("ORDER", "B A\nB_OK=1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
