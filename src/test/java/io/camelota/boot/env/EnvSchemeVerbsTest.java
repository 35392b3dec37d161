package io.camelota.boot.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.camelota.boot.SlotNames;
import org.junit.jupiter.api.Test;

/** The bootchooser verbs as variables, for both bootloaders. */
class EnvSchemeVerbsTest {

    private final EnvScheme uboot = new EnvScheme.Uboot(SlotNames.DEFAULT);
    private final EnvScheme grub = new EnvScheme.Grub(SlotNames.DEFAULT);

    @Test
    void markBadTakesTheSlotOutOfTheOrderAndItsTriesInOneSetOfVariables() {
        assertThat(uboot.markBad(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3"), 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of("BOOT_ORDER", "B", "BOOT_A_LEFT", "0"));
        assertThat(grub.markBad(Map.of("ORDER", "B A", "A_OK", "1"), 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ORDER", "B", "A_OK", "0", "A_TRY", "0"));
    }

    @Test
    void anUnsetOrderIsTheScriptsDefault() {
        assertThat(uboot.markBad(Map.of(), 1)).containsEntry("BOOT_ORDER", "A");
        assertThat(grub.primary(Map.of())).isZero();
    }

    @Test
    void setPrimaryMovesTheSlotFirstAndKeepsTheOthersAndUnknownNames() {
        assertThat(uboot.setPrimary(Map.of("BOOT_ORDER", "R B"), 0, 3))
                .containsExactlyInAnyOrderEntriesOf(Map.of("BOOT_ORDER", "A R B", "BOOT_A_LEFT", "3"));
        assertThat(uboot.setPrimary(Map.of("BOOT_ORDER", "B"), 0, 10)).containsEntry("BOOT_ORDER", "A B")
                .containsEntry("BOOT_A_LEFT", "a");
        assertThat(grub.setPrimary(Map.of("ORDER", "A B"), 1, 3))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ORDER", "B A", "B_OK", "1", "B_TRY", "0"));
    }

    @Test
    void markGoodLeavesTheOrderAlone() {
        assertThat(uboot.markGood(1, 3)).containsExactlyInAnyOrderEntriesOf(Map.of("BOOT_B_LEFT", "3"));
        assertThat(grub.markGood(1, 3)).doesNotContainKey("ORDER");
    }

    @Test
    void aSlotOutOfTheOrderIsNeverPrimary() {
        Map<String, String> env = Map.of("BOOT_ORDER", "B", "BOOT_A_LEFT", "3");
        assertThat(uboot.primary(env)).isEqualTo(1);
        assertThat(uboot.primary(Map.of("BOOT_ORDER", "R"))).isEqualTo(-1);
    }
}
