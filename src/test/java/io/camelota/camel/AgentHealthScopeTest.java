package io.camelota.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.impl.health.RoutesHealthCheckRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with Camel's route and consumer health checks on, and the agent inside: what the host's health
 * lists (HealthCheckHelper.invoke, as /actuator/health and camel get health do) holds the host's checks
 * and exactly one of the agent's, camel-ota — while the agent's routes are all there.
 */
class AgentHealthScopeTest {

    @TempDir
    Path tmp;

    private CamelContext ctx;

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    private CamelContext host(String hostExcludePattern) throws Exception {
        ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(Map.of("ota.enabled", "true", "ota.http.port", "0", "boot.reboot_mode", "none",
                "ota.data_dir", tmp.resolve("ota").toString(), "device.mac", "0A1B2C3D4E5F",
                "update.url", "http://127.0.0.1:9/fw.zip",
                "flash.slot.0.path", tmp.resolve("a.img").toString(), "flash.slot.1.path", tmp.resolve("b.img").toString(),
                "flash.slot_size", Long.toString(1L << 20)));
        ctx.getPropertiesComponent().setInitialProperties(p);
        // what camel.health.routes-enabled / consumers-enabled give a Camel Main or Spring Boot host
        HealthCheckRegistry registry = HealthCheckRegistry.get(ctx);
        registry.register(new RoutesHealthCheckRepository());
        registry.register(new ConsumersHealthCheckRepository());
        // every check in the answer (camel.health.exposure-level=full); the default level lists only DOWN ones
        registry.setExposureLevel("full");
        if (hostExcludePattern != null) {
            registry.setExcludePattern(hostExcludePattern);
        }
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:host-work?period=60000").routeId("host-work").log("host tick");
                from("timer:host-side?period=60000").routeId("host-side").log("host side");
            }
        });
        ctx.start();
        return ctx;
    }

    private static List<String> listed(CamelContext ctx) {
        return HealthCheckHelper.invoke(ctx).stream().map(r -> r.getCheck().getId()).sorted().toList();
    }

    @Test
    void theAgentAddsOneCheckBesideTheHostsOwn() throws Exception {
        CamelContext c = host(null);
        List<String> ids = listed(c);
        assertThat(ids).filteredOn(id -> id.contains("ota")).containsExactly(OtaHealthCheck.ID);
        assertThat(ids).contains("route:host-work", "route:host-side", "consumer:host-work");
        // the agent's routes exist and have checks of their own in the registry: left out, not missing
        assertThat(c.getRoute("ota-poll")).isNotNull();
        assertThat(HealthCheckRegistry.get(c).stream().map(HealthCheck::getId)).contains("route:ota-poll", "consumer:ota-poll")
                .filteredOn(id -> id.startsWith("route:ota-") || id.startsWith("consumer:ota-")).hasSizeGreaterThan(20);
        // ready once the boot route (its own timer thread) has made the boot decision
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> HealthCheckHelper.invoke(c)
                .stream().filter(r -> r.getCheck().getId().equals(OtaHealthCheck.ID)).findFirst().orElseThrow()
                .getState() == HealthCheck.State.UP);
    }

    @Test
    void theHostsOwnExcludePatternStays() throws Exception {
        CamelContext c = host("host-side");
        assertThat(HealthCheckRegistry.get(c).getExcludePattern()).isEqualTo("host-side," + AgentHealthScope.PATTERN);
        List<String> ids = listed(c);
        assertThat(ids).contains("route:host-work").doesNotContain("route:host-side");
        assertThat(ids).filteredOn(id -> id.contains("ota")).containsExactly(OtaHealthCheck.ID);
    }
}
