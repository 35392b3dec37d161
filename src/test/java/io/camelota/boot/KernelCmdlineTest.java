package io.camelota.boot;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelCmdlineTest {

    @TempDir
    Path dir;

    @Test
    void findsTheSlotAmongOtherParameters() throws Exception {
        Path f = write("console=ttyS0,115200 root=/dev/mmcblk0p3 rootfstype=ext4 rauc.slot=B quiet\n");
        assertThat(new KernelCmdline(f, "rauc.slot").bootedSlot()).contains("B");
    }

    @Test
    void theLastOccurrenceWinsAndQuotesAreDropped() throws Exception {
        Path f = write("rauc.slot=A dyndbg=\"file x.c +p\" rauc.slot=\"B\"");
        assertThat(new KernelCmdline(f, "rauc.slot").bootedSlot()).contains("B");
        assertThat(KernelCmdline.split("a=\"x y\" b")).containsExactly("a=x y", "b");
    }

    @Test
    void aMissingOrEmptyKeyIsEmptyAndPrefixesDoNotMatch() throws Exception {
        assertThat(new KernelCmdline(write("root=/dev/sda2 rauc.slotx=B rauc.slot="), "rauc.slot").bootedSlot()).isEmpty();
        assertThat(new KernelCmdline(write("xrauc.slot=B"), "rauc.slot").bootedSlot()).isEmpty();
    }

    @Test
    void theKeyIsConfigurable() throws Exception {
        assertThat(new KernelCmdline(write("rauc.slot=A ota.slot=B"), "ota.slot").bootedSlot()).contains("B");
        assertThatThrownBy(() -> new KernelCmdline(write(""), "rauc.slot=")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheRealProcCmdline() throws Exception {
        Path proc = Path.of("/proc/cmdline");
        if (Files.isReadable(proc)) {
            // whatever this machine booted with: reading it must work and must not invent a slot
            String line = Files.readString(proc);
            assertThat(new KernelCmdline(proc, "rauc.slot").bootedSlot().isPresent())
                    .isEqualTo(KernelCmdline.split(line).stream().anyMatch(p -> p.matches("rauc\\.slot=.+")));
        }
    }

    private Path write(String line) throws Exception {
        Path f = Files.createTempFile(dir, "cmdline", "");
        Files.writeString(f, line);
        return f;
    }
}
