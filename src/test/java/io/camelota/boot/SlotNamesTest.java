package io.camelota.boot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotNamesTest {

    @Test
    void parsesAndMapsBothWays() {
        SlotNames n = SlotNames.parse(" system0 , system1 ");
        assertThat(n.name(0)).isEqualTo("system0");
        assertThat(n.index("system1")).isEqualTo(1);
        assertThat(n.index("R")).as("a rescue slot is neither").isEqualTo(-1);
        assertThat(SlotNames.DEFAULT.order(1)).isEqualTo("B A");
    }

    @Test
    void refusesNamesThatCannotBeVariableNames() {
        assertThatThrownBy(() -> SlotNames.parse("A")).hasMessageContaining("two slot names");
        assertThatThrownBy(() -> SlotNames.parse("A,A")).hasMessageContaining("differ");
        assertThatThrownBy(() -> SlotNames.parse("A,B C")).hasMessageContaining("letters");
        assertThatThrownBy(() -> SlotNames.parse("A,B,C")).hasMessageContaining("two slot names");
    }
}
