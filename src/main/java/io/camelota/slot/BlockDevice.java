package io.camelota.slot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A slot that is a block device ({@code flash.slot.N.path=/dev/mmcblk0p3}): its size is the device's,
 * and it must not be written while anything uses it. Linux only; what Java cannot ask the kernel
 * directly (BLKGETSIZE64, the device number) comes from sysfs, the {@code unix:} file attributes and
 * {@code /proc/self/mountinfo}.
 */
public final class BlockDevice {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private final Path path;
    private final Path sysfs;
    private final Path mountinfo;

    BlockDevice(Path path, Path sysfs, Path mountinfo) {
        this.path = path;
        this.sysfs = sysfs;
        this.mountinfo = mountinfo;
    }

    /** The device at {@code path} as the running kernel sees it. */
    public static BlockDevice of(Path path) {
        return new BlockDevice(path, Path.of("/sys/dev/block"), Path.of("/proc/self/mountinfo"));
    }

    /** True for a block special file (following links such as /dev/disk/by-partlabel/rootfs-b). */
    public static boolean isBlockDevice(Path path) {
        try {
            Object mode = Files.readAttributes(path, "unix:mode").get("mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFBLK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;  // absent, or no unix view (not Linux): then it is a file slot
        }
    }

    /** "major:minor", as mountinfo and /sys/dev/block name devices. */
    public String number() throws IOException {
        long rdev = ((Number) Files.readAttributes(path, "unix:rdev").get("rdev")).longValue();
        // glibc's gnu_dev_major / gnu_dev_minor
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return major + ":" + minor;
    }

    /** Bytes the device holds: the channel's size (the JDK asks BLKGETSIZE64), else sysfs sectors × 512. */
    public long size() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > 0) {
                return size;
            }
        }
        Path sectors = sysfs.resolve(number()).resolve("size");
        return Long.parseLong(Files.readString(sectors).trim()) * 512;
    }

    /**
     * Refuses the device when writing it would destroy something in use: it (or one of its partitions)
     * is mounted — above all as the running root — or another device is stacked on it (device-mapper,
     * dm-verity, RAID: {@code holders} in sysfs).
     */
    public void requireUnused() throws IOException {
        String self = number();
        Set<String> numbers = new HashSet<>(List.of(self));
        numbers.addAll(partitions(self));
        for (String n : numbers) {
            Path holders = sysfs.resolve(n).resolve("holders");
            if (Files.isDirectory(holders)) {
                try (Stream<Path> s = Files.list(holders)) {
                    List<String> names = s.map(p -> p.getFileName().toString()).toList();
                    if (!names.isEmpty()) {
                        throw new SlotException("Slot " + path + " is in use by " + String.join(", ", names));
                    }
                }
            }
        }
        String real = path.toRealPath().toString();
        for (String line : Files.readAllLines(mountinfo)) {
            MountLine m = MountLine.parse(line);
            if (m == null || !(numbers.contains(m.number()) || real.equals(m.source()))) {
                continue;
            }
            if (m.mountPoint().equals("/")) {
                throw new SlotException("Slot " + path + " is the running root filesystem: refusing to write it");
            }
            throw new SlotException("Slot " + path + " is mounted at " + m.mountPoint() + ": refusing to write it");
        }
    }

    /** major:minor of every partition of this device (a whole disk's p1, p2, …). */
    private List<String> partitions(String number) throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = sysfs.resolve(number);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path child : s.toList()) {
                if (Files.exists(child.resolve("partition")) && Files.exists(child.resolve("dev"))) {
                    out.add(Files.readString(child.resolve("dev")).trim());
                }
            }
        }
        return out;
    }

    /** The fields of one /proc/self/mountinfo line that matter here (see proc(5)). */
    record MountLine(String number, String mountPoint, String source) {

        static MountLine parse(String line) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                return null;
            }
            return new MountLine(f[2], unescape(f[4]), unescape(f[dash + 2]));
        }

        /** mountinfo writes space, tab, newline and backslash as \040 etc. */
        private static String unescape(String s) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
