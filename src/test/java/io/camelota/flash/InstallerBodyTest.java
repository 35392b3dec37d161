package io.camelota.flash;

import io.camelota.download.AbortableBody;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * The installer owns every body it is given and ends it, whatever the outcome: an upload's temp
 * file is closed (its disk blocks are freed once deleted), an HTTP body is aborted, never closed
 * (closing one drains it).
 */
class InstallerBodyTest {

    private static final SlotContent FACTORY = new SlotContent("app", "ubuntu", "1.5", "20261101-000000/factory",
            null, null);

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private BootControl boot;
    private Installer installer;

    @BeforeEach
    void setUp() throws Exception {
        boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")), FACTORY);
        boot.boot();
        SlotLayout slots = new SlotLayout(new Path[] {dir.resolve("slot0.img"), dir.resolve("slot1.img")}, null, 1 << 20);
        installer = new Installer(io.camelota.lifecycle.UpdateLifecycle.forBootedDevice(boot, new StatusBoard()), new StatusBoard(), slots, new InstallPolicy("ubuntu", List.of(), -1, true, true),
                scheduler, 5);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** An upload: the temp file the HTTP server wrote, already unlinked as Vert.x does after the request. */
    private Tracked upload(byte[] zip) throws IOException {
        Path file = dir.resolve("upload.tmp");
        Files.write(file, zip);
        InputStream in = Files.newInputStream(file);
        Files.delete(file);
        return new Tracked(in);
    }

    private static byte[] bundle(String platform, String version) {
        return TestBundles.builder().platform(platform).version(version).buildId("20260301-000000/b")
                .part("app", "app", "fw.bin", AgentFixture.pattern(50_000, 4)).build();
    }

    private InstallResult install(InputStream body) {
        return installer.install(new InstallRequest(body, null, true, 0, "t"));
    }

    @Test
    void anInstalledUploadIsClosed() throws Exception {
        Tracked body = upload(bundle("ubuntu", "1.6"));
        assertThat(install(body).rebootRequired()).isTrue();
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void aRefusedUploadIsClosed() throws Exception {
        Tracked body = upload(bundle("esp32", "1.6"));
        assertThatThrownBy(() -> install(body)).isInstanceOf(UpdateFailure.class).hasMessage("Wrong platform");
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void aSameVersionUploadIsClosed() throws Exception {
        Tracked body = new Tracked(new ByteArrayInputStream(TestBundles.builder().version("1.5")
                .buildId("20261101-000000/factory").part("app", "app", "fw.bin", new byte[100]).build()));
        assertThat(install(body).rebootRequired()).isFalse();
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void anUploadRefusedBeforeItsFirstByteIsClosedToo() throws Exception {
        install(new ByteArrayInputStream(bundle("ubuntu", "1.6")));
        Tracked body = upload(bundle("ubuntu", "1.7"));
        assertThatThrownBy(() -> install(body)).hasMessage("Previous update has not been committed yet");
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void aRefusedHttpBodyIsAbortedNotClosed() throws Exception {
        Aborted body = new Aborted(new ByteArrayInputStream(bundle("esp32", "1.6")));
        assertThatThrownBy(() -> install(body)).hasMessage("Wrong platform");
        assertThat(body.aborts.get()).isEqualTo(1);
        assertThat(body.closes.get()).as("a close would drain the rest of the response").isZero();
    }

    @Test
    void anInstalledHttpBodyIsAbortedAfterTheDecision() throws Exception {
        Aborted body = new Aborted(new ByteArrayInputStream(bundle("ubuntu", "1.6")));
        assertThat(install(body).rebootRequired()).isTrue();
        assertThat(body.aborts.get()).isEqualTo(1);
        assertThat(body.closes.get()).isZero();
    }

    private static class Tracked extends FilterInputStream {
        final AtomicInteger closes = new AtomicInteger();

        Tracked(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closes.incrementAndGet();
            super.close();
        }
    }

    private static final class Aborted extends Tracked implements AbortableBody {
        final AtomicInteger aborts = new AtomicInteger();

        Aborted(InputStream in) {
            super(in);
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
        }
    }
}
