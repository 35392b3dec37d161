package io.camelota.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real block device for tests: a file attached with {@code losetup -f --show}. Where loop devices
 * are not available (not root, no /dev/loop-control, a container without them) the test is skipped
 * with the reason losetup gave.
 */
public final class LoopDevice implements AutoCloseable {

    private final Path device;
    private final Path backing;
    private Path mountPoint;

    private LoopDevice(Path device, Path backing) {
        this.device = device;
        this.backing = backing;
    }

    /** Attaches a new file of {@code size} bytes (zeros); skips the test when that is impossible. */
    public static LoopDevice attach(Path dir, long size) throws IOException, InterruptedException {
        Path backing = dir.resolve("loop-backing.img");
        try (var ch = java.nio.channels.FileChannel.open(backing, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), size - 1);
        }
        Result r = exec("losetup", "-f", "--show", backing.toString());
        assumeTrue(r.code == 0 && r.out.startsWith("/dev/"),
                "block-device test skipped: losetup cannot attach a loop device here (needs root and loop devices): "
                        + r.err.strip());
        return new LoopDevice(Path.of(r.out.strip()), backing);
    }

    public Path device() {
        return device;
    }

    public Path backing() {
        return backing;
    }

    /** mkfs.ext4 and mount it; skips the test when this machine cannot (no mkfs, mount not permitted). */
    public Path mountExt4(Path at) throws IOException, InterruptedException {
        Result mkfs = exec("mkfs.ext4", "-q", "-F", device.toString());
        assumeTrue(mkfs.code == 0, "mounted-device test skipped: mkfs.ext4 failed: " + mkfs.err.strip());
        Files.createDirectories(at);
        Result mount = exec("mount", device.toString(), at.toString());
        assumeTrue(mount.code == 0, "mounted-device test skipped: mount not permitted here: " + mount.err.strip());
        mountPoint = at;
        return at;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mountPoint != null) {
            exec("umount", mountPoint.toString());
        }
        exec("losetup", "-d", device.toString());
    }

    private record Result(int code, String out, String err) {
    }

    private static Result exec(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(cmd)).start();
        } catch (IOException e) {
            return new Result(127, "", cmd[0] + ": " + e.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(124, out, cmd[0] + " timed out");
        }
        return new Result(p.exitValue(), out, err);
    }
}
