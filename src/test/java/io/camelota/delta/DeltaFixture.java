package io.camelota.delta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.camelota.app.TestAgent;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;

import static org.awaitility.Awaitility.await;

/** A device running firmware v1 in slot 0, and bundles of v2 made by the real bundle tool. */
final class DeltaFixture implements AutoCloseable {

    final TestAgent agent;
    final byte[] v1;

    private DeltaFixture(TestAgent agent, byte[] v1) {
        this.agent = agent;
        this.v1 = v1;
    }

    static DeltaFixture start(Path dataDir, byte[] v1, Map<String, String> props) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("flash.delta", "true"));
        all.putAll(props);
        TestAgent agent = TestAgent.on(dataDir, all);
        agent.writeFactoryImage(v1);
        agent.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dataDir.resolve("boot-state.json")));
        return new DeltaFixture(agent, v1);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** v1 with {@code len} bytes rewritten at each of {@code at}, and {@code insert} new bytes at the middle. */
    static byte[] edited(byte[] v1, int len, int insert, int... at) {
        byte[] out = v1.clone();
        Random r = new Random(99);
        for (int a : at) {
            byte[] fresh = new byte[len];
            r.nextBytes(fresh);
            System.arraycopy(fresh, 0, out, a, len);
        }
        if (insert == 0) {
            return out;
        }
        byte[] ins = new byte[out.length + insert];
        int mid = out.length / 2;
        System.arraycopy(out, 0, ins, 0, mid);
        r.nextBytes(new byte[0]);
        for (int i = 0; i < insert; i++) {
            ins[mid + i] = (byte) r.nextInt();
        }
        System.arraycopy(out, mid, ins, mid + insert, out.length - mid);
        return ins;
    }

    /** A v1.1 bundle of {@code app} written by the bundle tool (with or without chunk indexes). */
    static Path bundle(Path dir, String fileName, byte[] app, boolean deltaIndex) throws Exception {
        return bundle(dir, fileName, app, deltaIndex, "1.1");
    }

    static Path bundle(Path dir, String fileName, byte[] app, boolean deltaIndex, String version) throws Exception {
        Path part = Files.createDirectories(dir.resolve("parts-" + fileName)).resolve("fw.bin");
        Files.write(part, app);
        Path out = dir.resolve(fileName);
        BundleWriter.create(new BundleSpec("app", "ubuntu", version, "20261201-000000/delta", "2026-12-01T00:00:00Z",
                List.of(new BundleSpec.PartSpec("app", "app", part, Map.of()))), List.of(), out,
                deltaIndex ? CdcParams.DEFAULT : null);
        return out;
    }

    byte[] slot(int n, int length) throws IOException {
        byte[] all = Files.readAllBytes(agent.slot(n));
        return java.util.Arrays.copyOf(all, length);
    }

    byte[] bootFile() throws IOException {
        return Files.readAllBytes(agent.dataDir().resolve("boot-state.json"));
    }

    @Override
    public void close() throws InterruptedException {
        agent.close();
    }
}
