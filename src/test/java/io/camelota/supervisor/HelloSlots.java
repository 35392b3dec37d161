package io.camelota.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelota.hello.AppJar;

/** Test helper: hello-app jars written as slot images, and the app.command that runs them. */
public final class HelloSlots {

    private HelloSlots() {
    }

    /** A small, quick-starting JVM: the app only prints and waits. */
    public static String command() {
        return javaBin() + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar {app}";
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static Path write(Path slot, String version, String mode) throws IOException {
        Files.createDirectories(slot.toAbsolutePath().getParent());
        Files.write(slot, AppJar.build(version, mode));
        return slot;
    }

    /** Live processes whose command line runs {@code slot} (to count copies of the app). */
    public static List<ProcessHandle> running(Path slot) {
        String abs = slot.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> PidFile.commandLine(p).contains(abs)).toList();
    }

    /**
     * Starts OtaMain in a JVM of its own on the test class path (the agent or the launcher as a device
     * runs it), with {@code props} as -D options and its output in {@code log}; the APP_/OTA_/BOOT_
     * environment of the build is dropped so it cannot override the test's settings.
     */
    public static Process startOtaMain(String heap, Map<String, String> props, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), heap, "-XX:+UseSerialGC",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("io.camelota.app.OtaMain");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_") || k.startsWith("OTA_") || k.startsWith("BOOT_"));
        return pb.start();
    }

    /** What a child wrote so far ("" before it wrote anything). */
    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
