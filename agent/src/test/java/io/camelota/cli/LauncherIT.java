package io.camelota.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/camel-ota, the shipped launch command, on the packaged jar (target/camel-ota.jar; this runs after
 * {@code package}): the first start writes the class archive when the agent stops, named after the JDK that
 * wrote it, with no half-written file left; the next start maps it — proven with the JVM's strict switch
 * ({@code -Xshare:on} / {@code -XX:AOTMode=on}: the JVM refuses to start when the archive cannot be used); a
 * rebuilt jar makes the archive again. The runs are the README's demo, which ends by itself with exit 0.
 * On the JDK running the build (AppCDS on 17–24, an AOT cache on 25+), and on a JDK 25+ found under
 * /usr/lib/jvm when the build's JDK is older.
 */
class LauncherIT {

    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    @TempDir
    Path archives;

    @Test
    void theBuildsJdkWritesItsArchiveOnceAndMapsItOnTheNextStart() throws Exception {
        startsTwiceFromOneArchive(Path.of(System.getProperty("java.home")));
    }

    @Test
    void aJdk25WritesAnAotCacheAndMapsItOnTheNextStart() throws Exception {
        Optional<Path> jdk = newestJdk(25);
        assumeTrue(jdk.isPresent(), "no JDK 25+ under /usr/lib/jvm");
        assumeTrue(major(jdk.get()) != major(Path.of(System.getProperty("java.home"))), "the build's JDK is 25+");
        startsTwiceFromOneArchive(jdk.get());
    }

    private void startsTwiceFromOneArchive(Path jdk) throws Exception {
        String version = version(jdk);
        boolean aot = major(jdk) >= 25;
        Path archive = archives.resolve("camel-ota-" + version + (aot ? ".aot" : ".jsa"));

        String first = demo(jdk, "");
        assertThat(archive).as("archive written at the first stop\n" + first).isRegularFile();
        assertThat(Files.size(archive)).as("an archive of the agent's classes").isGreaterThan(8L << 20);
        try (Stream<Path> files = Files.list(archives)) {
            assertThat(files).as("only the finished archive is left").containsExactly(archive);
        }

        FileTime written = Files.getLastModifiedTime(archive);
        demo(jdk, aot ? "-XX:AOTMode=on" : "-Xshare:on");
        assertThat(Files.getLastModifiedTime(archive)).as("a later start only reads the archive").isEqualTo(written);

        // a rebuilt jar: the archive is older than the jar, so the next start records a new one
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar()).toMillis() - 3_600_000);
        Files.setLastModifiedTime(archive, old);
        demo(jdk, "");
        assertThat(Files.getLastModifiedTime(archive)).as("archive made again for the newer jar").isNotEqualTo(old);
        demo(jdk, aot ? "-XX:AOTMode=on" : "-Xshare:on");
    }

    /** bin/camel-ota --demo with this JDK and archive folder; asserts exit 0 and the demo's outcome. */
    private String demo(Path jdk, String javaOpts) throws Exception {
        Path log = Files.createTempFile("launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("bin/camel-ota", "--demo"))
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_") || k.startsWith("CAMEL_OTA_")
                || k.startsWith("DEVICE_") || k.startsWith("BOOT_") || k.startsWith("HEALTH_") || k.startsWith("FLASH_"));
        env.put("JAVA_HOME", jdk.toString());
        env.put("CAMEL_OTA_CDS_DIR", archives.toString());
        env.put("CAMEL_OTA_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        try {
            boolean ended = p.waitFor(240, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("demo ended\n" + out).isTrue();
            assertThat(p.exitValue()).as("exit code with " + javaOpts + "\n" + out).isZero();
            assertThat(out).contains("Not Modified").doesNotContain("FAILED");
            return out;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static Path jar() {
        return Path.of("target", "camel-ota.jar");
    }

    private static Optional<Path> newestJdk(int atLeast) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && Files.isRegularFile(d.resolve("release")))
                    .filter(d -> major(d) >= atLeast)
                    .max((a, b) -> Integer.compare(major(a), major(b)));
        }
    }

    private static String version(Path jdk) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int major(Path jdk) {
        String v = version(jdk);
        Matcher m = Pattern.compile("^(\\d+)").matcher(v);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
