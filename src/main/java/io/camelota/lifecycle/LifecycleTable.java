package io.camelota.lifecycle;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.camelota.lifecycle.Phase.BOOTING;
import static io.camelota.lifecycle.Phase.CHECKING;
import static io.camelota.lifecycle.Phase.COMMITTED;
import static io.camelota.lifecycle.Phase.DOWNLOADING;
import static io.camelota.lifecycle.Phase.ERROR;
import static io.camelota.lifecycle.Phase.IDLE;
import static io.camelota.lifecycle.Phase.INSTALLED;
import static io.camelota.lifecycle.Phase.REVERTED;
import static io.camelota.lifecycle.Phase.TRIAL;

/**
 * Every transition of an update, as one table (in the spirit of Mender's state machine). A transition not
 * listed here does not happen: {@link UpdateLifecycle} refuses it. The state diagram in
 * {@code docs/lifecycle.md} is produced from this table ({@link #mermaid()}) and a test keeps the two equal.
 * A reboot ends the process: the next start begins again at {@link Phase#BOOTING}.
 */
public final class LifecycleTable {

    /** One row: in {@code from}, {@code trigger} leads to {@code to}. */
    public record Transition(Phase from, Trigger trigger, Phase to, String why) {
    }

    public static final List<Transition> TRANSITIONS = List.of(
            new Transition(BOOTING, Trigger.BOOTED_COMMITTED, IDLE, "committed firmware"),
            new Transition(BOOTING, Trigger.BOOTED_TRIAL, TRIAL, "uncommitted slot, attempt consumed"),
            new Transition(BOOTING, Trigger.BOOTED_ATTEMPTS_EXHAUSTED, ERROR, "no attempts left: reverted"),
            new Transition(IDLE, Trigger.CHECK, CHECKING, "poll tick / POST /update?url="),
            new Transition(ERROR, Trigger.CHECK, CHECKING, "poll tick / POST /update?url="),
            new Transition(COMMITTED, Trigger.CHECK, CHECKING, "poll tick / POST /update?url="),
            new Transition(IDLE, Trigger.UPLOAD, DOWNLOADING, "POST /update"),
            new Transition(ERROR, Trigger.UPLOAD, DOWNLOADING, "POST /update"),
            new Transition(COMMITTED, Trigger.UPLOAD, DOWNLOADING, "POST /update"),
            new Transition(CHECKING, Trigger.WRITE, DOWNLOADING, "200: target marked bad"),
            new Transition(DOWNLOADING, Trigger.WRITE, DOWNLOADING, "resume"),
            new Transition(IDLE, Trigger.WRITE, DOWNLOADING, "flash: from your own route"),
            new Transition(ERROR, Trigger.WRITE, DOWNLOADING, "flash: from your own route"),
            new Transition(COMMITTED, Trigger.WRITE, DOWNLOADING, "flash: from your own route"),
            new Transition(CHECKING, Trigger.NOTHING_TO_DO, IDLE, "304 / same version / refused"),
            new Transition(DOWNLOADING, Trigger.NOTHING_TO_DO, IDLE, "same version / refused"),
            new Transition(CHECKING, Trigger.FAILED, ERROR, "status, connect, timeout"),
            new Transition(DOWNLOADING, Trigger.FAILED, ERROR, "bad bundle: boot state unchanged"),
            new Transition(DOWNLOADING, Trigger.VERIFIED, INSTALLED, "written, synced, verified"),
            new Transition(TRIAL, Trigger.COMMIT, COMMITTED, "commit / healthy window / timeout 0"),
            new Transition(TRIAL, Trigger.WRITE_FAILED, TRIAL, "commit or revert not written: retried"),
            new Transition(TRIAL, Trigger.REVERT, REVERTED, "revert / unhealthy / app exited"),
            new Transition(INSTALLED, Trigger.REVERT, REVERTED, "POST /update/revert before the reboot"));

    private static final Map<Phase, Map<Trigger, Phase>> NEXT = new EnumMap<>(Phase.class);

    static {
        for (Transition t : TRANSITIONS) {
            NEXT.computeIfAbsent(t.from(), p -> new EnumMap<>(Trigger.class)).put(t.trigger(), t.to());
        }
    }

    private LifecycleTable() {
    }

    /** The phase {@code trigger} leads to from {@code from}; empty when the table has no such transition. */
    public static Optional<Phase> next(Phase from, Trigger trigger) {
        return Optional.ofNullable(NEXT.getOrDefault(from, Map.of()).get(trigger));
    }

    /** The table as a Mermaid state diagram (what docs/lifecycle.md shows). */
    public static String mermaid() {
        return "stateDiagram-v2\n    [*] --> BOOTING\n" + TRANSITIONS.stream()
                .map(t -> "    " + t.from() + " --> " + t.to() + ": " + t.trigger() + " (" + t.why() + ")")
                .collect(Collectors.joining("\n")) + "\n    INSTALLED --> [*]: reboot\n    REVERTED --> [*]: reboot\n";
    }
}
