package io.camelota.flash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.boot.BootState;
import io.camelota.slot.SlotWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Starts the real agent for flash tests and proves what an install must leave alone. */
final class AgentFixture implements AutoCloseable {

    /** Factory firmware identity as TestAgent's config declares it (config/application.properties). */
    static final String FACTORY_VERSION = "1.0";
    static final String FACTORY_BUILD = "20261101-000000/factory";

    final TestAgent agent;
    final byte[] factoryImage;
    final String factorySha;

    private AgentFixture(TestAgent agent, byte[] factoryImage, String factorySha) {
        this.agent = agent;
        this.factoryImage = factoryImage;
        this.factorySha = factorySha;
    }

    static AgentFixture start(Path dataDir, Map<String, String> props) throws Exception {
        TestAgent agent = TestAgent.on(dataDir, props);
        byte[] image = pattern(4096 + 123, 7);
        String sha = agent.writeFactoryImage(image);
        agent.start();
        AgentFixture f = new AgentFixture(agent, image, sha);
        // the boot sequence (timer route) records the factory state on first start
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(f.bootFile()));
        return f;
    }

    Path bootFile() {
        return agent.dataDir().resolve("boot-state.json");
    }

    /** What must not change when an install is refused. */
    Untouched snapshot() throws IOException {
        return new Untouched(SlotWriter.sha256(agent.slot(0), factoryImage.length),
                Files.exists(bootFile()) ? Files.readAllBytes(bootFile()) : null);
    }

    void assertUntouched(Untouched before) throws IOException {
        assertThat(Files.size(agent.slot(0))).isEqualTo(factoryImage.length);
        assertThat(SlotWriter.sha256(agent.slot(0), factoryImage.length)).isEqualTo(before.slot0Sha())
                .isEqualTo(factorySha);
        byte[] now = Files.exists(bootFile()) ? Files.readAllBytes(bootFile()) : null;
        if (!Arrays.equals(now, before.bootFile())) {
            // a refusal after the first byte: the only change allowed is the target recorded as being
            // written (out of the bootloader's choice), the running slot's record as it was
            BootState was = new io.camelota.boot.BootStateFile(bootFile()).read();
            BootState old = new com.fasterxml.jackson.databind.ObjectMapper().readValue(before.bootFile(), BootState.class);
            assertThat(was).as("boot-state.json changed only by marking slot 1 as being written").isEqualTo(old.writing(1));
        }
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
    }

    record Untouched(String slot0Sha, byte[] bootFile) {
    }

    /** Deterministic non-trivial bytes. */
    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        int x = seed * 2654435 + 1;
        for (int i = 0; i < size; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
        return b;
    }

    @Override
    public void close() throws InterruptedException {
        agent.close();
    }
}
