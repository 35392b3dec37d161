package io.camelota.boot.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootControl.BootOutcome;
import io.camelota.boot.BootState;
import io.camelota.boot.RevertReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.camelota.boot.env.EnvDevice.V10;
import static io.camelota.boot.env.EnvDevice.V11;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A power cut between the JSON state and the environment write of each step (the table of disagreements in
 * docs/device-setup.md), then every cut point of a whole update cycle in turn.
 */
class EnvPowerCutTest {

    @TempDir
    Path dir;

    private EnvDevice installedAndBooted(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = new EnvDevice(kind, dir);
        d.powerOn();
        d.agent().boot();
        d.agent().installed(1, V11, 60);
        assertThat(d.powerOn()).isEqualTo("B");
        return d;
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void installCutAfterTheJsonVoidsTheInstallWithoutAVerdict(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = new EnvDevice(kind, dir);
        d.powerOn();
        BootControl agent = d.agent();
        agent.boot();
        d.cut.armAt(1);  // the JSON write happens, the environment write does not
        assertThatThrownBy(() -> agent.installed(1, V11, 60)).isInstanceOf(PowerCut.Cut.class);
        assertThat(Files.readString(d.json)).contains("\"is_committed\" : false");

        assertThat(d.powerOn()).as("the bootloader never heard of B").isEqualTo("A");
        BootControl next = d.agent();
        assertThat(next.boot()).isEqualTo(BootOutcome.NORMAL);
        assertThat(next.state().activeSlot()).isZero();
        assertThat(next.state().committed()).isTrue();
        assertThat(next.state().rejected()).as("no verdict: the update is offered again").isNull();
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void commitCutAfterTheEnvironmentRunsTheWindowAgain(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = installedAndBooted(kind);
        BootControl agent = d.agent();
        assertThat(agent.boot()).isEqualTo(BootOutcome.TRIAL);
        d.cut.armAt(1);  // the slot is marked good, the JSON still says uncommitted
        assertThatThrownBy(agent::commit).isInstanceOf(PowerCut.Cut.class);

        assertThat(d.powerOn()).as("marked good: the bootloader boots it").isEqualTo("B");
        BootControl next = d.agent();
        assertThat(next.boot()).as("uncommitted: the commit window runs again").isEqualTo(BootOutcome.TRIAL);
        assertThat(next.commit()).isTrue();
        assertThat(d.powerOn()).isEqualTo("B");
        assertThat(d.agent().boot()).isEqualTo(BootOutcome.NORMAL);
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void revertCutAfterTheEnvironmentBootsTheOldSlotWithoutAVerdict(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = installedAndBooted(kind);
        BootControl agent = d.agent();
        agent.boot();
        d.cut.armAt(1);
        assertThatThrownBy(() -> agent.revert(RevertReason.HEALTH_CHECK_FAILED)).isInstanceOf(PowerCut.Cut.class);

        assertThat(d.powerOn()).isEqualTo("A");
        BootControl next = d.agent();
        assertThat(next.boot()).isEqualTo(BootOutcome.NORMAL);
        assertThat(next.state().activeContent()).isEqualTo(V10);
        assertThat(next.state().rejected()).isNull();
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void fallBackReportCutAfterTheEnvironmentStaysOnTheOldSlot(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = installedAndBooted(kind);
        d.agent().boot();
        int tries = kind == EnvDevice.Kind.UBOOT ? EnvDevice.ATTEMPTS : 1;
        for (int i = 1; i < tries; i++) {
            assertThat(d.powerOn()).isEqualTo("B");
            d.agent().boot();
        }
        assertThat(d.powerOn()).isEqualTo("A");
        d.cut.armAt(1);  // the environment takes B away, the JSON still expects B
        assertThatThrownBy(() -> d.agent().boot()).isInstanceOf(PowerCut.Cut.class);

        for (int i = 0; i < 3; i++) {
            assertThat(d.powerOn()).as("B is never booted again").isEqualTo("A");
            BootControl next = d.agent();
            next.boot();
            assertThat(next.state().activeContent()).isEqualTo(V10);
            assertThat(next.state().committed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(EnvDevice.Kind.class)
    void anEnvironmentResetIsFollowedAndReported(EnvDevice.Kind kind) throws Exception {
        EnvDevice d = installedAndBooted(kind);
        BootControl agent = d.agent();
        agent.boot();
        agent.commit();
        // the environment is lost (bad CRC, re-flashed): the script's defaults boot A
        if (kind == EnvDevice.Kind.UBOOT) {
            d.env().apply(Map.of("BOOT_ORDER", "A B"));
        } else {
            d.env().apply(Map.of("ORDER", "A B", "A_OK", "1", "A_TRY", "0"));
        }
        assertThat(d.powerOn()).isEqualTo("A");
        BootControl next = d.agent();
        assertThat(next.boot()).isEqualTo(BootOutcome.AFTER_REVERT);
        assertThat(next.lastRevertReason()).isEqualTo("bootloader booted A instead of B");
        assertThat(next.state().activeContent()).isEqualTo(V10);
        assertThat(next.state().rejected()).as("B was committed: not a verdict on it").isNull();
    }

    /**
     * Every durable write of a whole cycle (update → boot B → commit) is cut once, on a fresh device:
     * the agent then behaves as it would (poll installs 1.1 on a committed 1.0, a first boot passes its
     * health check and commits). Each time the cycle must end committed on 1.1 without ever rejecting
     * it, and the bootloader must boot B from then on.
     */
    @Test
    void everyCutPointOfAnUpdateCycleEndsCommitted() throws Exception {
        int writes = cycle(new EnvDevice(EnvDevice.Kind.UBOOT, Files.createDirectory(dir.resolve("uncut"))), -1);
        assertThat(writes).as("writes in an uncut cycle").isGreaterThanOrEqualTo(5);
        List<String> outcomes = new ArrayList<>();
        for (int k = 0; k < writes; k++) {
            EnvDevice d = new EnvDevice(EnvDevice.Kind.UBOOT, Files.createDirectory(dir.resolve("cut" + k)));
            cycle(d, k);
            outcomes.add("cut " + k + ": ok");
        }
        assertThat(outcomes).hasSize(writes);
    }

    /** Runs the cycle to its end (cut before write {@code cutAt}, -1 = none); returns the writes it made. */
    private int cycle(EnvDevice d, int cutAt) throws Exception {
        d.cut.armAt(cutAt);
        boolean cutHappened = false;
        for (int powerOn = 0; powerOn < 12; powerOn++) {
            String booted = d.powerOn();
            try {
                BootControl agent = d.agent();
                BootOutcome outcome = agent.boot();
                BootState s = agent.state();
                assertThat(s.rejected()).as("1.1 is never rejected (cut at " + cutAt + ")").isNotEqualTo(V11);
                assertThat(s.activeSlot()).as("the agent follows what booted").isEqualTo(booted.equals("A") ? 0 : 1);
                if (outcome == BootOutcome.NORMAL && V11.equals(s.activeContent()) && s.committed()) {
                    assertThat(d.vars()).containsEntry("BOOT_ORDER", "B A").containsEntry("BOOT_B_LEFT", "3");
                    assertThat(d.powerOn()).isEqualTo("B");
                    return d.cut.writes();
                }
                if (outcome == BootOutcome.TRIAL) {
                    agent.commit();                     // the health check passes
                } else if (V10.equals(s.activeContent())) {
                    agent.beginWrite(1);                // the poll finds 1.1: B out of the choice first
                    agent.installed(1, V11, 60);
                }
            } catch (PowerCut.Cut c) {
                cutHappened = true;                     // the power went: next power-on
            }
        }
        throw new AssertionError("cycle did not end committed on 1.1 (cut at " + cutAt + ", cut happened "
                + cutHappened + "): " + d.vars() + " " + Files.readString(d.json));
    }
}
