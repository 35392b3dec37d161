package io.camelota.flash;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.ComponentModel.EndpointOptionModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flash: component's catalog metadata (flash.json, configurers, URI factory, service descriptors, all
 * written by camel-package-maven-plugin into library/src/generated) agrees with the Java it describes and
 * with what Camel itself does with a flash: URI. Reflection over FlashEndpoint/FlashComponent/FlashConstants is
 * the independent side: an option added, renamed or dropped in the code without the metadata following (or
 * the other way round) fails here. No context is started: metadata and endpoint creation need no agent.
 */
class FlashMetadataTest {

    private static final String DESCRIPTOR = "META-INF/io/camelota/flash/flash.json";

    @TempDir
    Path dir;
    private DefaultCamelContext context;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** What catalog-driven tools get when they ask Camel about "flash", parsed by Camel's tooling model. */
    private ComponentModel model() throws IOException {
        String json = ((CatalogCamelContext) context).getComponentParameterJsonSchema("flash");
        assertThat(json).as("Camel finds a descriptor for flash").isNotNull();
        return JsonMapper.generateComponentModel(json);
    }

    private PropertyConfigurerGetter endpointConfigurer() {
        return (PropertyConfigurerGetter) context.getComponent("flash").getEndpointPropertyConfigurer();
    }

    @Test
    void camelReturnsTheShippedDescriptorForFlash() throws IOException {
        String json = ((CatalogCamelContext) context).getComponentParameterJsonSchema("flash");
        // Camel looks the descriptor up beside the component's package: this proves the path is the one it uses
        assertThat(json).isEqualTo(resource(DESCRIPTOR));

        ComponentModel m = JsonMapper.generateComponentModel(json);
        assertThat(m.getScheme()).isEqualTo("flash");
        assertThat(m.getSyntax()).isEqualTo("flash:target");
        assertThat(m.getJavaType()).isEqualTo(FlashComponent.class.getName());
        assertThat(m.isProducerOnly()).isTrue();
        assertThat(m.isConsumerOnly()).isFalse();
        assertThat(m.isRemote()).as("a local slot, not a remote system").isFalse();
        assertThat(m.getGroupId()).isEqualTo("io.camelota");
        assertThat(m.getArtifactId()).isEqualTo("camel-ota");
        assertThat(m.getDescription()).contains("inactive A/B slot");
        // every option a user sees is explained, grouped and typed
        for (BaseOptionModel o : allOptions(m)) {
            assertThat(o.getDescription()).as(o.getName() + " description").isNotBlank();
            assertThat(o.getGroup()).as(o.getName() + " group").isNotBlank();
            assertThat(o.getJavaType()).as(o.getName() + " javaType").isNotBlank();
        }
        assertThat(m.getEndpointPathOptions()).extracting(BaseOptionModel::getName).containsExactly("target");
        assertThat(m.getEndpointPathOptions().get(0).isRequired()).isTrue();
    }

    @Test
    void endpointOptionsInTheDescriptorAreExactlyTheEndpointsUriParams() throws IOException {
        ComponentModel m = model();
        Set<String> inDescriptor = names(m.getEndpointParameterOptions());
        assertThat(inDescriptor).isEqualTo(uriParams(FlashEndpoint.class));
        assertThat(names(m.getEndpointPathOptions())).isEqualTo(uriPaths(FlashEndpoint.class));

        // each described default is what a new endpoint really starts with
        FlashEndpoint fresh = (FlashEndpoint) context.getEndpoint("flash:defaults");
        PropertyConfigurerGetter configurer = endpointConfigurer();
        for (EndpointOptionModel o : m.getEndpointParameterOptions()) {
            assertThat(String.valueOf(configurer.getOptionValue(fresh, o.getName(), false)))
                    .as("default of " + o.getName()).isEqualTo(String.valueOf(o.getDefaultValue()));
        }
    }

    @Test
    void theConfigurerKnowsExactlyTheDescribedOptionsWithTheirTypes() throws IOException {
        ComponentModel m = model();
        PropertyConfigurerGetter configurer = endpointConfigurer();
        assertThat(configurer).isInstanceOf(FlashEndpointConfigurer.class);
        // every property the endpoint could be given a value for: known to the configurer iff described
        for (String property : setterProperties(FlashEndpoint.class)) {
            EndpointOptionModel described = m.getEndpointParameterOptions().stream()
                    .filter(o -> o.getName().equals(property)).findFirst().orElse(null);
            Class<?> type = configurer.getOptionType(property, false);
            if (described == null) {
                assertThat(type).as(property + " is not described, so the configurer must not know it").isNull();
            } else {
                assertThat(type).as(property + " type").isNotNull();
                assertThat(type.getName()).as(property + " type").isEqualTo(described.getJavaType());
            }
        }
        // and the URI factory tooling uses to write URIs knows the same names (path included)
        EndpointUriFactory uris = context.getCamelContextExtension().getEndpointUriFactory("flash");
        assertThat(uris).isInstanceOf(FlashEndpointUriFactory.class);
        assertThat(new TreeSet<>(uris.propertyNames()))
                .isEqualTo(union(names(m.getEndpointParameterOptions()), names(m.getEndpointPathOptions())));
    }

    @Test
    void eachOptionInAUriReachesTheEndpointThroughTheConfigurer() throws Exception {
        ComponentModel m = model();
        // a value unlike the default for every described option, so a dropped one cannot pass by accident
        Map<String, Object> values = new LinkedHashMap<>();
        for (EndpointOptionModel o : m.getEndpointParameterOptions()) {
            values.put(o.getName(), notTheDefault(o));
        }
        Map<String, Object> uriProperties = new LinkedHashMap<>(values);
        uriProperties.put("target", "inactive-slot");
        String uri = context.getCamelContextExtension().getEndpointUriFactory("flash")
                .buildUri("flash", uriProperties, false);

        FlashEndpoint endpoint = (FlashEndpoint) context.getEndpoint(uri);
        assertThat(endpoint.getTarget()).isEqualTo("inactive-slot");
        PropertyConfigurerGetter configurer = endpointConfigurer();
        values.forEach((name, value) -> assertThat(configurer.getOptionValue(endpoint, name, false))
                .as(name + " from " + uri).isEqualTo(value));
        // the getters the producer uses see the same (the configurer is not just echoing itself)
        assertThat(endpoint.isIgnoreSameVersion()).isEqualTo(values.get("ignoreSameVersion"));
        assertThat(endpoint.getCommitTimeout()).isEqualTo(values.get("commitTimeout"));
        assertThat(endpoint.getTimeout()).isEqualTo(values.get("timeout"));
        assertThat(endpoint.getCheckpointBytes()).isEqualTo(values.get("checkpointBytes"));
    }

    @Test
    void anUnknownOptionOrAWrongValueIsRefusedByCamelAndByTheCatalog() {
        assertThatThrownBy(() -> context.getEndpoint("flash:inactive-slot?timeOutSeconds=5"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("Unknown parameters").hasMessageContaining("timeOutSeconds");
        assertThatThrownBy(() -> context.getEndpoint("flash:inactive-slot?timeout=soon"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("timeout");

        // what `camel` tooling checks a route with, from the same descriptor, before anything runs
        var catalog = PluginHelper.getRuntimeCamelCatalog(context);
        EndpointValidationResult unknown = catalog.validateProperties("flash",
                Map.of("target", "inactive-slot", "timeOutSeconds", "5"));
        assertThat(unknown.isSuccess()).isFalse();
        assertThat(unknown.getUnknown()).containsExactly("timeOutSeconds");
        EndpointValidationResult badNumber = catalog.validateProperties("flash",
                Map.of("target", "inactive-slot", "timeout", "soon"));
        assertThat(badNumber.getInvalidInteger()).containsKey("timeout");
        assertThat(catalog.validateProperties("flash", Map.of("timeout", "5")).getRequired()).contains("target");
    }

    @Test
    void everyFlashUseInTheRoutesValidatesAgainstTheDescriptor() throws IOException {
        // what Kaoto and `camel` tooling would check each routes/*.yaml flash: step against
        var catalog = PluginHelper.getRuntimeCamelCatalog(context);
        List<Map<String, String>> uses = flashUsesInRoutes();
        assertThat(uses).as("flash: steps in routes/*.yaml").hasSizeGreaterThanOrEqualTo(2);
        for (Map<String, String> use : uses) {
            EndpointValidationResult r = catalog.validateProperties("flash", use);
            assertThat(r.isSuccess()).as(use + ": " + r.summaryErrorMessage(false)).isTrue();
        }
    }

    @Test
    void componentOptionsAreTheAutowiredSharedBeansAndCamelWiresThemByType() throws IOException {
        ComponentModel m = model();
        Set<String> declared = annotatedFields(FlashComponent.class, Metadata.class);
        assertThat(declared).isNotEmpty();
        for (String name : declared) {
            var option = m.getComponentOptions().stream().filter(o -> o.getName().equals(name)).findFirst();
            assertThat(option).as("component option " + name).isPresent();
            assertThat(option.get().isAutowired()).as(name + " autowired").isTrue();
        }
        var configurer = context.getComponent("flash").getComponentPropertyConfigurer();
        assertThat(configurer).isInstanceOf(FlashComponentConfigurer.class);
        assertThat(Set.of(((FlashComponentConfigurer) configurer).getAutowiredNames())).isEqualTo(declared);

        // the generated configurer is what lets Camel's autowiring fill them (no context start, no doStart fallback)
        DefaultCamelContext host = new DefaultCamelContext();
        try (host) {
            BootControl boot = new BootControl(new BootStateFile(dir.resolve("boot-state.json")), null);
            SlotLayout slots = new SlotLayout(new Path[] {dir.resolve("a"), dir.resolve("b")}, null, 1024);
            InstallPolicy policy = new InstallPolicy("ubuntu", List.of(), -1, true, true);
            StatusBoard board = new StatusBoard();
            host.getRegistry().bind("boot", boot);
            host.getRegistry().bind("slots", slots);
            host.getRegistry().bind("policy", policy);
            host.getRegistry().bind("board", board);
            FlashComponent flash = host.getComponent("flash", FlashComponent.class);
            assertThat(flash.getBootControl()).isSameAs(boot);
            assertThat(flash.getSlotLayout()).isSameAs(slots);
            assertThat(flash.getInstallPolicy()).isSameAs(policy);
            assertThat(flash.getStatusBoard()).isSameAs(board);
        }
    }

    @Test
    void headersInTheDescriptorAreExactlyFlashConstants() throws Exception {
        Set<String> constants = new TreeSet<>();
        for (Field f : FlashConstants.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(Metadata.class)) {
                constants.add((String) f.get(null));
            }
        }
        assertThat(names(model().getEndpointHeaders())).isEqualTo(constants);
    }

    @Test
    void theDescriptorsParseAsCamelsToolingExpects() throws IOException {
        ComponentModel m = JsonMapper.generateComponentModel(resource(DESCRIPTOR));
        // written back by the tooling model and read again: nothing lost or renamed
        ComponentModel again = JsonMapper.generateComponentModel(JsonMapper.createParameterJsonSchema(m));
        assertThat(names(again.getEndpointOptions())).isEqualTo(names(m.getEndpointOptions()));
        assertThat(names(again.getComponentOptions())).isEqualTo(names(m.getComponentOptions()));
        assertThat(names(again.getEndpointHeaders())).isEqualTo(names(m.getEndpointHeaders()));
        assertThat(again.getEndpointOptions()).extracting(o -> String.valueOf(o.getDefaultValue()))
                .isEqualTo(m.getEndpointOptions().stream().map(o -> String.valueOf(o.getDefaultValue())).toList());

        // component.properties is how a catalog finds which components a jar brings
        Properties flashJar = componentProperties().stream().filter(p -> "io.camelota".equals(p.getProperty("groupId")))
                .findFirst().orElseThrow(() -> new AssertionError("no component.properties of io.camelota"));
        assertThat(flashJar.getProperty("components")).isEqualTo("flash");
        assertThat(flashJar.getProperty("artifactId")).isEqualTo(m.getArtifactId());

        // the per-name service descriptors point at the classes the descriptor names
        assertThat(service("component/flash")).isEqualTo(m.getJavaType());
        assertThat(service("configurer/flash-component")).isEqualTo(FlashComponentConfigurer.class.getName());
        assertThat(service("configurer/flash-endpoint")).isEqualTo(FlashEndpointConfigurer.class.getName());
        assertThat(service("urifactory/flash-endpoint")).isEqualTo(FlashEndpointUriFactory.class.getName());
    }

    /** Each {@code uri: flash:<target>} step of routes/*.yaml as its properties (path and parameters). */
    private static List<Map<String, String>> flashUsesInRoutes() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Map<String, String>> uses = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                collectFlashUses(yaml.readTree(file.toFile()), uses);
            }
        }
        return uses;
    }

    private static void collectFlashUses(JsonNode node, List<Map<String, String>> uses) {
        if (node.isObject() && node.path("uri").asText().startsWith("flash:")) {
            Map<String, String> use = new LinkedHashMap<>();
            use.put("target", node.path("uri").asText().substring("flash:".length()));
            node.path("parameters").properties().forEach(e -> use.put(e.getKey(), e.getValue().asText()));
            uses.add(use);
        }
        node.forEach(child -> collectFlashUses(child, uses));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static List<BaseOptionModel> allOptions(ComponentModel m) {
        List<BaseOptionModel> all = new ArrayList<>(m.getComponentOptions());
        all.addAll(m.getEndpointOptions());
        all.addAll(m.getEndpointHeaders());
        return all;
    }

    private static Set<String> names(List<? extends BaseOptionModel> options) {
        return options.stream().map(BaseOptionModel::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * @UriParam fields of the endpoint and its Camel superclasses, less the inherited consumer-only ones
     * (flash: is producer only, so Camel leaves those out, as it does for its own producer-only components).
     */
    private static Set<String> uriParams(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                UriParam p = f.getAnnotation(UriParam.class);
                if (p != null && (c == type || !p.label().contains("consumer"))) {
                    names.add(p.name().isEmpty() ? f.getName() : p.name());
                }
            }
        }
        return names;
    }

    private static Set<String> uriPaths(Class<?> type) {
        return annotatedFields(type, UriPath.class);
    }

    private static Set<String> annotatedFields(Class<?> type, Class<? extends java.lang.annotation.Annotation> a) {
        Set<String> names = new TreeSet<>();
        for (Field f : type.getDeclaredFields()) {
            if (f.isAnnotationPresent(a)) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /** Every bean property with a public one-argument setter, anywhere in the class hierarchy. */
    private static Set<String> setterProperties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1) {
                names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        return names;
    }

    private static Object notTheDefault(EndpointOptionModel o) {
        String def = String.valueOf(o.getDefaultValue());
        return switch (o.getJavaType()) {
            case "boolean" -> !Boolean.parseBoolean(def);
            case "int" -> Integer.parseInt(def) + 17;
            case "long" -> Long.parseLong(def) + 4099L;
            default -> throw new AssertionError(o.getName() + ": give this test a value for " + o.getJavaType());
        };
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FlashMetadataTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String service(String name) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(resource("META-INF/services/org/apache/camel/" + name)));
        return p.getProperty("class");
    }

    private static List<Properties> componentProperties() throws IOException {
        List<Properties> all = new ArrayList<>();
        for (URL url : Collections.list(FlashMetadataTest.class.getClassLoader()
                .getResources("META-INF/services/org/apache/camel/component.properties"))) {
            try (InputStream in = url.openStream()) {
                Properties p = new Properties();
                p.load(in);
                all.add(p);
            }
        }
        return all;
    }
}
