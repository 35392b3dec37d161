package io.camelota.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The state diagram a reader sees is the table the code runs. */
class LifecycleDiagramTest {

    @Test
    void docsShowExactlyTheTable() throws Exception {
        String doc = Files.readString(Path.of("docs/lifecycle.md"));
        assertThat(doc).as("docs/lifecycle.md carries LifecycleTable.mermaid() verbatim")
                .contains("```mermaid\n" + LifecycleTable.mermaid() + "```");
    }

    @Test
    void everyPhaseIsReachableAndEveryRowIsUnique() {
        Set<Phase> reached = EnumSet.of(Phase.BOOTING);
        LifecycleTable.TRANSITIONS.forEach(t -> reached.add(t.to()));
        assertThat(reached).containsExactlyInAnyOrder(Phase.values());
        Set<String> keys = LifecycleTable.TRANSITIONS.stream().map(t -> t.from() + "/" + t.trigger())
                .collect(Collectors.toSet());
        assertThat(keys).hasSize(LifecycleTable.TRANSITIONS.size());
    }

    @Test
    void onlyAnExplicitRevertOrTheRebootLeavesAnInstall() {
        assertThat(LifecycleTable.TRANSITIONS).filteredOn(t -> t.from() == Phase.INSTALLED)
                .extracting(LifecycleTable.Transition::trigger).containsExactly(Trigger.REVERT);
        assertThat(LifecycleTable.TRANSITIONS).noneMatch(t -> t.from() == Phase.REVERTED);
        assertThat(LifecycleTable.next(Phase.INSTALLED, Trigger.CHECK)).isEmpty();
        assertThat(LifecycleTable.next(Phase.TRIAL, Trigger.UPLOAD)).isEmpty();
    }
}
