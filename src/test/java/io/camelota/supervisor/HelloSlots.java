package io.camelota.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.camelota.hello.AppJar;

/** Test helper: hello-app jars written as slot images, and the app.command that runs them. */
final class HelloSlots {

    private HelloSlots() {
    }

    /** A small, quick-starting JVM: the app only prints and waits. */
    static String command() {
        return javaBin() + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar {app}";
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path write(Path slot, String version, String mode) throws IOException {
        Files.createDirectories(slot.toAbsolutePath().getParent());
        Files.write(slot, AppJar.build(version, mode));
        return slot;
    }

    /** Live processes whose command line runs {@code slot} (to count copies of the app). */
    static List<ProcessHandle> running(Path slot) {
        String abs = slot.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> PidFile.commandLine(p).contains(abs)).toList();
    }
}
