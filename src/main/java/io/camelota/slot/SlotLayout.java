package io.camelota.slot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the A/B slots are: two app slots (files, or block devices — written the same way) and,
 * optionally, two fs slots that pair with them (fs slot n belongs to app slot n).
 *
 * @param appSlots  app slot 0 and 1
 * @param fsSlots   fs slot 0 and 1, or null when the device keeps no fs image
 * @param slotSize  the most bytes one file slot can hold; a larger part is refused before it is written
 *                  (a block-device slot holds what the device holds)
 */
public record SlotLayout(Path[] appSlots, Path[] fsSlots, long slotSize) {

    public SlotLayout {
        if (appSlots == null || appSlots.length != 2) {
            throw new IllegalArgumentException("two app slots are required");
        }
        if (fsSlots != null && fsSlots.length != 2) {
            throw new IllegalArgumentException("fs slots come in pairs");
        }
    }

    public Path appSlot(int index) {
        return appSlots[index];
    }

    public Optional<Path> fsSlot(int index) {
        return fsSlots == null ? Optional.empty() : Optional.of(fsSlots[index]);
    }

    /** The most bytes {@code slot} can hold: a block device's own size, otherwise {@code slotSize}. */
    public long capacity(Path slot) throws IOException {
        return BlockDevice.isBlockDevice(slot) ? BlockDevice.of(slot).size() : slotSize;
    }

    /** The largest capacity of any slot (the bundle reader's limit for one entry). */
    public long largestCapacity() throws IOException {
        long max = 0;
        for (Path p : appSlots) {
            max = Math.max(max, capacity(p));
        }
        for (Path p : fsSlots == null ? new Path[0] : fsSlots) {
            max = Math.max(max, capacity(p));
        }
        return max;
    }
}
