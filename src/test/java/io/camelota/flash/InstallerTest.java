package io.camelota.flash;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Installer without Camel: what the route tests cannot reach easily (stalls, policy switches). */
class InstallerTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.5", "20261101-000000/factory",
            null, null);

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private BootControl boot;
    private StatusBoard board;
    private SlotLayout slots;

    @BeforeEach
    void setUp() throws Exception {
        boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")), FACTORY);
        boot.boot();
        board = new StatusBoard();
        // the installer writes the status of the attempt that holds the guard ("t", as in request())
        board.tryBegin("t", "test");
        slots = new SlotLayout(new Path[] {dir.resolve("slot0.img"), dir.resolve("slot1.img")}, null, 1 << 20);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Installer installer(boolean allowDowngrade, long timeoutSeconds) {
        return new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(boot, board), board, slots, new InstallPolicy("ubuntu", List.of(), -1, allowDowngrade, true),
                scheduler, timeoutSeconds);
    }

    private static InstallRequest request(InputStream body, Long length, int commitTimeout) {
        return new InstallRequest(body, length, true, commitTimeout, "t");
    }

    private static byte[] bundle(String version, byte[] app) {
        return TestBundles.builder().version(version).buildId("20260301-000000/b").part("app", "app", "fw.bin", app)
                .build();
    }

    @Test
    void installsAndSwitchesTheBootState() throws Exception {
        byte[] app = AgentFixture.pattern(70_000, 2);
        byte[] zip = bundle("1.6", app);
        InstallResult r = installer(true, 5).install(request(new ByteArrayInputStream(zip), (long) zip.length, 12));
        assertThat(r).isEqualTo(InstallResult.applied(1, "1.6"));
        assertThat(r.rebootRequired()).isTrue();
        assertThat(boot.state().activeSlot()).isEqualTo(1);
        assertThat(boot.state().commitTimeout()).isEqualTo(12);
        assertThat(Files.readAllBytes(slots.appSlot(1))).isEqualTo(app);
        assertThat(board.current().progressPercent()).isEqualTo(100);
    }

    @Test
    void progressCountsEveryByteEvenWithALargeCentralDirectory() throws Exception {
        TestBundles.Builder b = TestBundles.builder().version("1.6").part("app", "app", "fw.bin",
                AgentFixture.pattern(1000, 4));
        for (int i = 0; i < 3000; i++) {
            b.file("extra/file-" + i + ".txt", new byte[] {(byte) i});
        }
        byte[] zip = b.build();
        InstallResult r = installer(true, 5).install(request(new ByteArrayInputStream(zip), (long) zip.length, 0));
        assertThat(r.slot()).isEqualTo(1);
        assertThat(board.current().bytesReceived()).isEqualTo(zip.length);
        assertThat(board.current().progressPercent()).isEqualTo(100);
    }

    @Test
    void stalledBodyTimesOut() throws Exception {
        byte[] zip = bundle("1.6", AgentFixture.pattern(70_000, 2));
        InputStream stalled = new StallingStream(zip, 40_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> installer(true, 1).install(request(stalled, (long) zip.length, 0)))
                .isInstanceOf(UpdateFailure.class)
                .hasMessage("Update timed out");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(900L, 10_000L);
        assertThat(boot.isCommitted()).isTrue();
        assertThat(boot.state().activeSlot()).isZero();
    }

    @Test
    void downgradeRefusedOnlyWhenConfigured() throws Exception {
        byte[] zip = bundle("1.4", AgentFixture.pattern(1000, 3));
        assertThatThrownBy(() -> installer(false, 5).install(request(new ByteArrayInputStream(zip), null, 0)))
                .isInstanceOf(UpdateFailure.class)
                .hasMessage("Downgrade refused");
        assertThat(slots.appSlot(1)).doesNotExist();
        assertThat(boot.state().activeSlot()).isZero();

        InstallResult r = installer(true, 5).install(request(new ByteArrayInputStream(zip), null, 0));
        assertThat(r.slot()).isEqualTo(1);
    }

    @Test
    void nullBodyIsAnEmptyBundle() {
        assertThatThrownBy(() -> installer(true, 5).install(request(null, null, 0)))
                .isInstanceOf(UpdateFailure.class)
                .hasMessage("Empty bundle");
    }

    @Test
    void refusedWhileUncommitted() throws Exception {
        boot.installed(1, FACTORY, 0);
        byte[] zip = bundle("1.6", AgentFixture.pattern(1000, 3));
        assertThatThrownBy(() -> installer(true, 5).install(request(new ByteArrayInputStream(zip), null, 0)))
                .isInstanceOf(UpdateFailure.class)
                .hasMessage("Previous update has not been committed yet");
        assertThat(slots.appSlot(0)).as("the would-be target (the running slot's partner) is untouched")
                .doesNotExist();
    }

    /** Delivers the first {@code stallAt} bytes, then blocks until closed (a server that went silent). */
    private static final class StallingStream extends InputStream {
        private final byte[] data;
        private final int stallAt;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int pos;

        StallingStream(byte[] data, int stallAt) {
            this.data = data;
            this.stallAt = stallAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= stallAt) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("Socket closed");
            }
            int n = Math.min(len, stallAt - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
