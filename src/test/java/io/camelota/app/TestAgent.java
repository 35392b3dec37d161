package io.camelota.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The real agent (Camel Main, config/application.properties, routes/*.yaml) started in this JVM
 * for a test: its own data folder, its own HTTP port on 127.0.0.1, reboot mode "none" unless the
 * test says otherwise, polling off unless the test sets update.interval.
 * Tests share it so each one says only what differs.
 */
public final class TestAgent implements AutoCloseable {

    private final Path dataDir;
    private final int httpPort;
    private final Map<String, String> props;
    private OtaAgent agent;

    private TestAgent(Path dataDir, Map<String, String> props) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = Demo.freePort();
        this.props = new LinkedHashMap<>();
        this.props.put("ota.data_dir", dataDir.toString());
        this.props.put("ota.http.port", Integer.toString(httpPort));
        this.props.put("boot.reboot_mode", "none");
        this.props.put("update.timeout", "10");
        this.props.put("device.platform", "ubuntu");
        this.props.put("device.mac", "0A1B2C3D4E5F");
        // with delta on, a check asks for the bundle's head with Range first: tests that count or script the
        // requests of a plain download keep their exchange; the delta tests turn it on
        this.props.put("flash.delta", "false");
        this.props.putAll(props);
    }

    /** Builds an agent on {@code dataDir}; call {@link #start()} (or {@link #startExpectingFailure()}). */
    public static TestAgent on(Path dataDir, Map<String, String> props) throws IOException {
        return new TestAgent(dataDir, props);
    }

    /** Writes a factory image into slot 0 (so tests can prove the active slot is never touched); returns its SHA-256. */
    public String writeFactoryImage(byte[] image) throws IOException {
        Path slot0 = dataDir.resolve("slot0.img");
        Files.createDirectories(dataDir);
        Files.write(slot0, image);
        return SlotWriter.sha256(slot0, image.length);
    }

    public TestAgent start() throws Exception {
        agent = new OtaAgent(props).start();
        return this;
    }

    /** Starts an agent that must refuse to start; returns the failure's message. */
    public String startExpectingFailure() {
        try {
            agent = new OtaAgent(props).start();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("agent started although it should not");
    }

    public OtaAgent agent() {
        return agent;
    }

    public CamelContext context() {
        return agent.context();
    }

    public int httpPort() {
        return httpPort;
    }

    public String apiUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path slot(int index) {
        return dataDir.resolve("slot" + index + ".img");
    }

    public StatusBoard.Snapshot status() {
        return context().getRegistry().lookupByNameAndType("otaStatusBoard", StatusBoard.class).current();
    }

    public BootState bootState() {
        return context().getRegistry().lookupByNameAndType("otaBootControl", BootControl.class).state();
    }

    /** "Update from this URL now": the direct:ota-check-for-update route, as Java code would call it. Blocks until done. */
    public Exchange checkNow(String url) {
        return context().createProducerTemplate().send("direct:ota-check-for-update", e -> e.getMessage().setBody(url));
    }

    /** Waits for the current boot (after an in-process restart: the new one) to be running. */
    public CamelContext awaitBoot() throws InterruptedException {
        return agent.awaitStarted(60, TimeUnit.SECONDS);
    }

    /**
     * The device reboots: this agent stops (as the reboot step stops it) and a new one starts on the same
     * data folder, port and settings, making its own boot decision.
     */
    public TestAgent reboot() throws Exception {
        close();
        agent = new OtaAgent(props).start();
        return this;
    }

    /** Stops without committing anything: to the boot state this is a kill. */
    @Override
    public void close() throws InterruptedException {
        if (agent != null) {
            agent.stop();
        }
    }
}
