package io.camelota.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SlotWriter#whenDurable}: a resume checkpoint's sync and save, off the streaming thread. */
class DurableCheckpointTest {

    @TempDir
    Path dir;

    private static byte[] data(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void theActionSeesEveryByteWrittenBeforeItWasAskedFor() throws Exception {
        Path slot = dir.resolve("slot1.img");
        byte[] first = data(3 << 20, 1); // more than the writer's buffers: some are still queued at the call
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        try (SlotWriter w = SlotWriter.open(slot, 16 << 20, null, SlotWriter.ReadBack.OFF)) {
            for (int off = 0; off < first.length; off += 100_000) {
                w.write(first, off, Math.min(100_000, first.length - off));
            }
            w.whenDurable(() -> {
                seen.add(Files.readAllBytes(slot));
                ran.countDown();
            }, e -> { });
            // the streaming thread carries on at once: these bytes are not part of the claim
            w.write(data(1000, 2), 0, 1000);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        }
        byte[] claimed = seen.get(0);
        assertThat(claimed.length).isGreaterThanOrEqualTo(first.length);
        assertThat(java.util.Arrays.copyOf(claimed, first.length)).isEqualTo(first);
    }

    @Test
    void whileOneSyncRunsOnlyTheNewestOfTheQueuedOnesFollows() throws Exception {
        Path slot = dir.resolve("slot1.img");
        List<String> saved = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch lastDone = new CountDownLatch(1);
        try (SlotWriter w = SlotWriter.open(slot, 1 << 20, null, SlotWriter.ReadBack.OFF)) {
            w.write(data(10, 0), 0, 10);
            w.whenDurable(() -> {
                firstRunning.countDown();
                await(releaseFirst);
                saved.add("first");
            }, e -> { });
            assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
            w.write(data(10, 1), 0, 10);
            w.whenDurable(() -> saved.add("second"), e -> { });
            w.write(data(10, 2), 0, 10);
            w.whenDurable(() -> {
                saved.add("third");
                lastDone.countDown();
            }, e -> { });
            w.force(); // both markers reached: both syncs are queued behind the first
            releaseFirst.countDown();
            assertThat(lastDone.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(saved).containsExactly("first", "third");
    }

    @Test
    void closeWaitsForASaveUnderWaySoNothingIsSavedAfterThePartEnded() throws Exception {
        Path slot = dir.resolve("slot1.img");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        SlotWriter w = SlotWriter.open(slot, 1 << 20, null, SlotWriter.ReadBack.OFF);
        w.write(data(10, 0), 0, 10);
        w.whenDurable(() -> {
            running.countDown();
            await(release);
            events.add("saved");
        }, e -> { });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(() -> {
            try {
                w.close();
            } catch (IOException e) {
                events.add(e.toString());
            }
            events.add("closed");
        }, "closer");
        closer.start();
        // released once close() is blocked (or, if it did not wait, has already returned)
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join(30_000);
        assertThat(events).containsExactly("saved", "closed");
    }

    @Test
    void aFailingSaveIsReportedNotThrownIntoTheDownload() throws Exception {
        Path slot = dir.resolve("slot1.img");
        List<IOException> failures = new CopyOnWriteArrayList<>();
        try (SlotWriter w = SlotWriter.open(slot, 1 << 20, null, SlotWriter.ReadBack.OFF)) {
            w.write(data(10, 0), 0, 10);
            w.whenDurable(() -> {
                throw new IOException("disk full");
            }, failures::add);
            w.write(data(10, 1), 0, 10);
            w.finish(null, SlotWriter.ReadBack.OFF);
        }
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("disk full");
        assertThat(Files.size(slot)).isEqualTo(20);
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
