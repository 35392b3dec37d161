package io.camelota.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route file validates against the YAML DSL JSON schema that ships inside camel-yaml-dsl
 * 4.22 (what Camel's own tooling, the VS Code extension and Kaoto check against). Camel's loader
 * is more lenient than the schema (it accepts a placeholder in a boolean such as autoStartup), so
 * a file that loads can still break those tools: this test keeps the routes tool-clean.
 */
class RouteSchemaTest {

    private static Schema schema;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RouteSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camelYamlDsl.json on the classpath (camel-yaml-dsl)").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertThat(files).as("route files in routes/").isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileMatchesTheYamlDslSchema(Path file) throws IOException {
        List<Error> errors = schema.validate(YAML.readTree(file.toFile()));
        // one line per failing place is enough to find it (the schema's oneOf explains itself at length)
        List<String> places = errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .filter(m -> !m.contains("required property")).distinct().limit(5).toList();
        assertThat(errors.isEmpty()).as(file + " against camelYamlDsl.json:\n" + String.join("\n", places)).isTrue();
    }

    /** The schema check above lets some placeholders through; this one it must never see. */
    @ParameterizedTest
    @MethodSource("routeFiles")
    void noPlaceholderDecidesWhetherARouteStarts(Path file) throws IOException {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContainPattern("autoStartup:\\s*\"?\\{\\{");
    }

    /** The check itself can fail: a placeholder where the schema wants a boolean is reported. */
    @Test
    void schemaRefusesAPlaceholderInAutoStartup() throws IOException {
        JsonNode bad = YAML.readTree("""
                - route:
                    id: r
                    autoStartup: "{{ota.http.enabled}}"
                    from:
                      uri: direct:a
                      steps:
                        - log:
                            message: hi
                """);
        assertThat(schema.validate(bad)).isNotEmpty();
    }

    @Test
    void schemaRefusesAnUnknownStep() throws IOException {
        JsonNode bad = YAML.readTree("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - lgo:
                            message: hi
                """);
        assertThat(schema.validate(bad)).isNotEmpty();
    }
}
