package io.camelota.boot;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a start on a real bootloader, the record is made to agree with what booted: the bootloader decided,
 * the agent follows. Runs only inside the boot decision (a transition), never on a read. Where the
 * record and the environment must both change, the environment goes first, so that after a cut between
 * the two the bootloader never boots a slot the record has already given up.
 * <ul>
 *   <li>committed and booted as expected: the booted slot's tries are restored (the script counts every
 *       boot down) and it is made primary if it is not;</li>
 *   <li>uncommitted and the new slot booted: the bootloader has used a try; the record's count follows the
 *       environment's (the agent never counts on top of the bootloader);</li>
 *   <li>uncommitted and the old slot booted while the environment still prefers the new one: the
 *       bootloader fell back, the tries ran out — a revert that rejects the version;</li>
 *   <li>uncommitted and the old slot booted, the environment preferring the old one: the switch never
 *       reached the bootloader (or a revert reached only it): the install is void, no verdict;</li>
 *   <li>committed but another slot booted (environment reset, edited by hand): the agent follows it and
 *       says so.</li>
 * </ul>
 */
final class WhatBooted {

    private static final Logger LOG = LoggerFactory.getLogger(WhatBooted.class);

    private final BootRecord record;
    private final BootChooser chooser;
    private final int attempts;

    WhatBooted(BootRecord record, BootChooser chooser, int attempts) {
        this.record = record;
        this.chooser = chooser;
        this.attempts = attempts;
    }

    /** The record as this start finds it, made consistent (null stays null: factory-fresh). */
    BootState follow(BootState stored) throws IOException {
        if (chooser.bootedSlot().isEmpty()) {
            return stored;
        }
        int booted = chooser.bootedSlot().getAsInt();
        if (stored == null) {
            if (booted == 0) {
                chooser.markGood(0, attempts);
                if (chooser.primary() != 0) {
                    chooser.setPrimary(0, attempts);
                }
            }
            return null;
        }
        if (stored.committed()) {
            if (booted == stored.activeSlot()) {
                chooser.markGood(booted, attempts);
                if (chooser.primary() != booted) {
                    chooser.setPrimary(booted, attempts);
                }
                return stored;
            }
            String reason = "bootloader booted " + chooser.slotName(booted) + " instead of "
                    + chooser.slotName(stored.activeSlot());
            LOG.warn("boot: {}: following the bootloader", reason);
            chooser.setPrimary(booted, attempts);
            BootState adopted = stored.following(booted, withContent(stored, booted), reason);
            record.write(adopted);
            return adopted;
        }
        if (booted == stored.activeSlot()) {
            int granted = Math.max(stored.bootAttempts(), attempts);
            int left = chooser.attemptsLeft(booted);
            return stored.countedByBootloader(granted, Math.max(0, granted - left - 1));
        }
        if (chooser.primary() == stored.activeSlot()) {
            BootState next = stored.revert("bootloader fell back to " + chooser.slotName(booted));
            LOG.warn("boot: slot {} used its tries without a commit: {}", chooser.slotName(stored.activeSlot()),
                    next.revertReason());
            // environment first: with GRUB, a record-only revert could let a rescue boot clear B_TRY and boot B again
            chooser.reject(stored.activeSlot(), booted, attempts);
            record.write(next);
            return next;
        }
        LOG.warn("boot: the switch to slot {} never reached the bootloader (power cut?): slot {} stays, no verdict",
                chooser.slotName(stored.activeSlot()), chooser.slotName(booted));
        BootState voided = stored.following(booted, stored.slots(), null);
        record.write(voided);
        chooser.markGood(booted, attempts);
        return voided;
    }

    /** The slots with {@code slot}'s content known: a slot the agent never wrote holds something it cannot name. */
    private static Map<Integer, SlotContent> withContent(BootState s, int slot) {
        if (s.slots().containsKey(slot)) {
            return s.slots();
        }
        Map<Integer, SlotContent> m = new TreeMap<>(s.slots());
        SlotContent other = s.slots().get(1 - slot);
        m.put(slot, new SlotContent(other == null ? null : other.name(), other == null ? null : other.platform(),
                "unknown", null, null, null));
        return m;
    }
}
