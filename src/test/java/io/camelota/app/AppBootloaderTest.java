package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.supervisor.HelloSlots;
import io.camelota.boot.BootState;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camel-ota launch} as its own JVM running an "embedded" hello app. The test plays the
 * camel-ota inside that app: it installs 1.1 into slot 1 and commits it through the same boot-state
 * file, and the app asks for the reboot with exit code 75. Two processes share the boot state; the
 * launcher is killed -9 and must not lose the app's commit nor start a second copy.
 */
class AppBootloaderTest {

    private static final SlotContent FACTORY = new SlotContent("camel-ota", "ubuntu", "1.0",
            "20261101-000000/factory", null, null);

    @TempDir
    Path tmp;

    private final List<Process> launchers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        launchers.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        HelloSlots.running(tmp.resolve("data/slot0.img")).forEach(ProcessHandle::destroyForcibly);
        HelloSlots.running(tmp.resolve("data/slot1.img")).forEach(ProcessHandle::destroyForcibly);
    }

    private Process launch(Path log) throws IOException {
        Process p = HelloSlots.startOtaMain("-Xmx64m", Map.of("ota.data_dir", tmp.resolve("data").toString(),
                "app.command", HelloSlots.command(), "app.workdir", tmp.toString(), "device.mac", "0A1B2C3D4E5F"),
                log, "launch");
        launchers.add(p);
        return p;
    }

    private BootControl bootFile() {
        return new BootControl(new BootStateFile(tmp.resolve("data/boot-state.json")), FACTORY);
    }

    @Test
    void exitCode75RebootsIntoTheInstalledSlotAndAKilledLauncherLosesNothing() throws Exception {
        HelloSlots.write(tmp.resolve("data/slot0.img"), "1.0", "embedded");
        Path log1 = tmp.resolve("launcher-1.log");
        Process first = launch(log1);
        await().atMost(Duration.ofSeconds(60)).until(() -> HelloSlots.read(log1).contains("[app] hello from 1.0"));

        // the embedded agent installs 1.1 (slot written, then one boot-state write) and asks for a reboot
        HelloSlots.write(tmp.resolve("data/slot1.img"), "1.1", "embedded");
        bootFile().installed(1, new SlotContent("camel-ota", "ubuntu", "1.1", "b", null, null), 30);
        Files.createFile(tmp.resolve("reboot-request"));
        await().atMost(Duration.ofSeconds(60)).until(() -> HelloSlots.read(log1).contains("[app] hello from 1.1"));
        assertThat(HelloSlots.read(log1)).contains("[app] 1.0 rebooting with exit code 75", "TRIAL");
        BootState firstBoot = bootFile().state();
        assertThat(firstBoot.activeSlot()).isEqualTo(1);
        assertThat(firstBoot.committed()).isFalse();

        // the app commits itself (its health check passed), and the launcher is killed -9
        assertThat(bootFile().commit()).isTrue();
        long app = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("data/app.pid").toFile()).get("pid").asLong();
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path log2 = tmp.resolve("launcher-2.log");
        launch(log2);
        await().atMost(Duration.ofSeconds(60)).until(() -> HelloSlots.read(log2).contains("[app] hello from 1.1"));
        assertThat(ProcessHandle.of(app).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(HelloSlots.running(tmp.resolve("data/slot1.img"))).hasSize(1);
        assertThat(HelloSlots.running(tmp.resolve("data/slot0.img"))).isEmpty();
        BootState after = bootFile().state();
        assertThat(after.activeSlot()).isEqualTo(1);
        assertThat(after.committed()).isTrue();   // the app's write survived the launcher's kill and restart
        assertThat(HelloSlots.read(log2)).contains("launch: NORMAL");
    }

    @Test
    void anAppThatDiesBeforeCommittingIsAFailedBootAndTheOldSlotRunsAgain() throws Exception {
        HelloSlots.write(tmp.resolve("data/slot0.img"), "1.0", "embedded");
        HelloSlots.write(tmp.resolve("data/slot1.img"), "1.1", "crash");
        BootControl b = bootFile();
        b.boot();
        b.installed(1, new SlotContent("camel-ota", "ubuntu", "1.1", "b", null, null), 30);
        Path log = tmp.resolve("launcher.log");
        launch(log);
        await().atMost(Duration.ofSeconds(90)).until(() -> HelloSlots.read(log).contains("[app] hello from 1.0"));
        assertThat(HelloSlots.read(log)).contains("[app] hello from 1.1", "before committing its slot: failed boot");
        BootState s = bootFile().state();
        assertThat(s.activeSlot()).isEqualTo(0);
        assertThat(s.rejected().version()).isEqualTo("1.1");
    }
}
