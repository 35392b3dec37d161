package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One source of truth for configuration: the routes read only values OtaSettings validated and
 * published, never a raw key with a default of its own; and the shipped config file restates the
 * code's defaults without changing any of them (the table in docs/configuration.md is checked for the keys whose
 * default it spells as a plain value).
 */
class RoutePlaceholdersTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z0-9_.]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    private static OtaSettings settings(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        m.put("device.mac", "0A1B2C3D4E5F");
        return OtaSettings.from(k -> Optional.ofNullable(m.get(k)));
    }

    private static Properties shipped() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            p.load(r);
        }
        return p;
    }

    @Test
    void everyPlaceholderInTheRoutesIsAPublishedValidatedValue() throws IOException {
        Set<String> published = settings(new Properties()).derivedProperties().keySet();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = PLACEHOLDER.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(f.getFileName() + ": " + m.group(1));
                    assertThat(m.group(1)).as(f + ": a placeholder with its own default").doesNotContain(":");
                    assertThat(published).as(f + " reads a key startup did not validate").contains(m.group(1));
                }
            }
        }
        assertThat(used).as("the routes do use them").hasSizeGreaterThan(10);
    }

    /**
     * The one value the standalone agent's file sets on purpose: a "reboot" restarts the agent in
     * process, where the library's default (inside a host application) is none — the host decides.
     */
    @Test
    void theShippedConfigFileChangesNoDefaultButTheStandaloneRebootMode() throws Exception {
        Properties file = shipped();
        assertThat(file.getProperty("boot.reboot_mode").trim()).isEqualTo("restart");
        assertThat(settings(new Properties()).rebootMode()).isEqualTo(io.camelota.device.RebootMode.NONE);
        file.remove("boot.reboot_mode");
        OtaSettings fromFile = settings(file);
        OtaSettings fromCode = settings(new Properties());
        for (RecordComponent c : OtaSettings.class.getRecordComponents()) {
            Object a = c.getAccessor().invoke(fromFile);
            Object b = c.getAccessor().invoke(fromCode);
            if (c.getName().equals("slots")) {
                // a record holding arrays: compare what it says
                assertThat(fromFile.slots().appSlot(0)).isEqualTo(fromCode.slots().appSlot(0));
                assertThat(fromFile.slots().appSlot(1)).isEqualTo(fromCode.slots().appSlot(1));
                assertThat(fromFile.slots().fsSlot(0)).isEqualTo(fromCode.slots().fsSlot(0));
                assertThat(fromFile.slots().slotSize()).isEqualTo(fromCode.slots().slotSize());
            } else {
                assertThat(a).as(c.getName()).isEqualTo(b);
            }
        }
        assertThat(fromFile.derivedProperties()).isEqualTo(fromCode.derivedProperties());
    }

    @Test
    void theReadmeTableStatesTheSameDefaults() throws IOException {
        Properties p = shipped();
        Matcher m = README_ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
        int checked = 0;
        while (m.find()) {
            String key = m.group(1);
            String stated = m.group(2).trim();
            // rows like "(unset)", "first non-loopback NIC" or a path describe, they do not state a value
            if (p.containsKey(key) && stated.matches("-?[0-9.]+|true|false|[a-z0-9]+")) {
                assertThat(stated).as("docs/configuration.md default of " + key).isEqualTo(p.getProperty(key).trim());
                checked++;
            }
        }
        assertThat(checked).as("rows checked").isGreaterThan(20);
    }
}
