package io.camelota.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package mvn package built (target/camel-ota_&lt;version&gt;_all.deb), checked with Debian's own tools
 * the way a distribution would: its control fields and contents, its conffiles, lintian, systemd's
 * verdict on every unit, the tarball's tree against it — and the unpacked tree runs the demo.
 */
class DebPackageIT {

    private static final Path DEB = Path.of(System.getProperty("camelota.deb", "target/camel-ota_0.1.0~SNAPSHOT_all.deb"));
    private static final Path TARBALL = Path.of(System.getProperty("camelota.tarball", "target/camel-ota-0.1.0-SNAPSHOT.tar.gz"));
    private static final String VERSION = System.getProperty("camelota.deb.version", "0.1.0~SNAPSHOT");
    private static final Set<String> UNITS = Set.of("camel-ota.service", "camel-ota-exit.service", "camel-ota-rootfs.service");

    @TempDir
    Path tmp;

    @Test
    void controlFieldsNameTheJavaRuntime() throws Exception {
        Tools.require("dpkg-deb");
        Tools.Result f = Tools.run("dpkg-deb", "-f", DEB.toString(), "Package", "Version", "Architecture", "Depends");
        assertThat(f.exit()).as(f.out()).isZero();
        assertThat(f.out()).contains("Package: camel-ota\n").contains("Version: " + VERSION + "\n")
                .contains("Architecture: all\n")
                .contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless");
        assertThat(DEB.getFileName().toString()).isEqualTo("camel-ota_" + VERSION + "_all.deb");
    }

    @Test
    void contentsAreTheInstallLayout() throws Exception {
        Tools.require("dpkg-deb");
        Map<String, String> deb = listing(Tools.run("dpkg-deb", "-c", DEB.toString()).out());
        assertThat(deb).containsEntry("opt/camel-ota/bin/camel-ota", "-rwxr-xr-x")
                .containsEntry("opt/camel-ota/bin/jit-directives.json", "-rw-r--r--")
                .containsEntry("opt/camel-ota/lib/camel-ota.jar", "-rw-r--r--")
                .containsEntry("opt/camel-ota/routes/install.yaml", "-rw-r--r--")
                .containsEntry("etc/camel-ota/application.properties", "-rw-r--r--")
                .containsEntry("var/lib/camel-ota/", "drwx------")
                .containsKeys("usr/share/doc/camel-ota/copyright", "usr/share/doc/camel-ota/changelog.gz");
        for (String unit : UNITS) {
            assertThat(deb).containsEntry("lib/systemd/system/" + unit, "-rw-r--r--");
        }
        assertThat(deb.keySet().stream().filter(p -> p.startsWith("opt/camel-ota/lib/camel-core-engine-")))
                .as("the dependency jars beside camel-ota.jar").hasSize(1);
        Tools.Result conffiles = Tools.run("dpkg-deb", "-I", DEB.toString(), "conffiles");
        assertThat(conffiles.out().lines()).containsExactlyInAnyOrder("/etc/camel-ota/application.properties",
                "/etc/camel-ota/quartz.properties");
    }

    @Test
    void installedSettingsPointAtTheInstalledFolders() throws Exception {
        Tools.require("dpkg-deb");
        Path root = extract();
        String props = Files.readString(root.resolve("etc/camel-ota/application.properties"));
        assertThat(props).containsPattern("(?m)^ota\\.data_dir = /var/lib/camel-ota$")
                .containsPattern("(?m)^ota\\.routes = file:/opt/camel-ota/routes/\\*\\.yaml$")
                .containsPattern("(?m)^camel\\.component\\.quartz\\.properties-file = file:/etc/camel-ota/quartz\\.properties$");
        for (String unit : UNITS) {
            String text = Files.readString(root.resolve("lib/systemd/system/" + unit));
            assertThat(text).contains("Environment=CAMEL_OTA_CONFIG_DIR=/etc/camel-ota")
                    .contains("ExecStart=/opt/camel-ota/bin/camel-ota");
            // systemd takes quotes only around a whole word: a value like -Dx="a b" (quote mid-word) must not come back
            assertThat(text.lines().filter(l -> !l.startsWith("#") && l.contains("="))
                    .map(l -> l.substring(l.indexOf('=') + 1))).as(unit).noneMatch(v -> v.matches(".*\\S=\".*"));
        }
        assertThat(Files.readString(root.resolve("lib/systemd/system/camel-ota-rootfs.service")))
                .contains("Environment=\"BOOT_REBOOT_COMMAND=systemctl reboot\"").doesNotContain("User=");
        assertThat(Files.readString(root.resolve("lib/systemd/system/camel-ota.service"))).contains("User=camel-ota");
    }

    @Test
    void theUnpackedTreeRunsTheDemo() throws Exception {
        Tools.require("dpkg-deb");
        Path root = extract();
        Path launcher = root.resolve("opt/camel-ota/bin/camel-ota");
        // no archive writing here: the launcher's class archive has its own test (LauncherIT)
        Map<String, String> env = Map.of("CAMEL_OTA_CDS", "off", "CAMEL_OTA_HOME", "", "CAMEL_OTA_JAR", "");
        Tools.Result help = Tools.run(tmp, env, 60, launcher.toString(), "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage:");
        Tools.Result demo = Tools.run(tmp, env, 300, launcher.toString(), "--demo");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("Not Modified").doesNotContain("FAILED").doesNotContain("NoClassDefFoundError");
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        Tools.require("lintian");
        Tools.Result l = Tools.run("lintian", "--tag-display-limit", "0", DEB.toString());
        System.out.println("lintian:\n" + l.out());
        assertThat(l.out().lines().filter(line -> line.startsWith("E:"))).as(l.out()).isEmpty();
        assertThat(l.exit()).as(l.out()).isZero();
    }

    @Test
    void systemdAcceptsEveryUnit() throws Exception {
        Tools.require("systemd-analyze");
        Tools.require("dpkg-deb");
        Path root = extract();
        // systemd-analyze --root resolves ExecStart= and the targets inside root: the unpacked package plus the
        // system's own unit files (sysinit.target, network-online.target, …)
        Path units = root.resolve("lib/systemd/system");
        try (Stream<Path> system = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path p : system.filter(Files::isRegularFile).toList()) {
                if (!Files.exists(units.resolve(p.getFileName()))) {
                    Files.copy(p, units.resolve(p.getFileName()));
                }
            }
        }
        for (String unit : UNITS) {
            Tools.Result v = Tools.run("systemd-analyze", "verify", "--root=" + root, "/lib/systemd/system/" + unit);
            assertThat(v.exit()).as(unit + "\n" + v.out()).isZero();
            assertThat(v.out()).as(unit + ": no warnings either").isBlank();
        }
        // the control: the same check refuses a unit whose ExecStart cannot run
        Files.setPosixFilePermissions(root.resolve("opt/camel-ota/bin/camel-ota"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Tools.Result broken = Tools.run("systemd-analyze", "verify", "--root=" + root, "/lib/systemd/system/camel-ota.service");
        assertThat(broken.exit()).isNotZero();
        assertThat(broken.out()).contains("/opt/camel-ota/bin/camel-ota is not executable");
    }

    @Test
    void theTarballHoldsTheSameTree() throws Exception {
        Tools.require("dpkg-deb");
        Map<String, String> deb = listing(Tools.run("dpkg-deb", "-c", DEB.toString()).out());
        Map<String, String> tar = listing(Tools.run("tar", "-tzvf", TARBALL.toString()).out());
        assertThat(files(tar)).isEqualTo(files(deb));
        Set<String> missingDirs = new TreeSet<>(deb.keySet());
        missingDirs.removeAll(tar.keySet());
        // tar creates /var and /var/lib as they are on the system; it must not carry modes of its own for them
        assertThat(missingDirs).isSubsetOf("var/", "var/lib/");
        assertThat(tar).containsEntry("var/lib/camel-ota/", "drwx------");
    }

    private Path extract() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Tools.Result x = Tools.run("dpkg-deb", "-x", DEB.toString(), root.toString());
        assertThat(x.exit()).as(x.out()).isZero();
        return root;
    }

    /** path (no leading ./) to mode string, from dpkg-deb -c or tar -tv output. */
    static Map<String, String> listing(String out) {
        Pattern line = Pattern.compile("^([-dlrwxs]{10})\\s+\\S+\\s+\\d+\\s+\\S+\\s+\\S+\\s+(?:\\./)?(.*)$");
        return out.lines().map(line::matcher).filter(Matcher::matches)
                .filter(m -> !m.group(2).isEmpty())
                .collect(Collectors.toMap(m -> m.group(2), m -> m.group(1), (a, b) -> a, java.util.TreeMap::new));
    }

    private static Map<String, String> files(Map<String, String> listing) {
        return listing.entrySet().stream().filter(e -> !e.getKey().endsWith("/") || e.getKey().startsWith("var/lib/camel-ota"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }
}
