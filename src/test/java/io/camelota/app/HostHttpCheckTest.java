package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ota.http.mode=host in a host that serves no platform-http (a Spring Boot application without
 * camel-platform-http-starter is one): the start fails with camel-ota's own message naming the missing
 * part, before any route (the host's or the agent's) has started; with a server it starts.
 */
class HostHttpCheckTest {

    @TempDir
    Path tmp;

    private CamelContext ctx;

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    private CamelContext host(Map<String, String> extra) throws Exception {
        ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(Map.of("ota.enabled", "true", "ota.http.mode", "host", "ota.data_dir", tmp.resolve("ota").toString(),
                "device.mac", "0A1B2C3D4E5F", "flash.slot.0.path", tmp.resolve("a.img").toString(),
                "flash.slot.1.path", tmp.resolve("b.img").toString(), "flash.slot_size", Long.toString(1L << 20)));
        p.putAll(extra);
        ctx.getPropertiesComponent().setInitialProperties(p);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:host?period=60000").routeId("host-work").log("host tick");
            }
        });
        return ctx;
    }

    @Test
    void withoutAPlatformHttpEngineTheStartNamesCamelOtaAndTheStarter() throws Exception {
        Throwable t = catchThrowable(host(Map.of())::start);
        assertThat(t).isNotNull();
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            chain.append(c.getMessage()).append('\n');
        }
        assertThat(chain.toString()).contains("ota.http.mode=host needs a platform-http engine")
                .contains("camel-ota").contains("camel-platform-http-starter").contains("ota.http.mode=own")
                .doesNotContain("platform-http-router");
        assertThat(ctx.getRoute("ota-device-api")).as("failed before the agent's routes were added").isNull();
        assertThat(ctx.isStarted()).isFalse();
    }

    @Test
    void camelMainsEmbeddedServerSwitchCounts() throws Exception {
        CamelContext c = host(Map.of("camel.server.enabled", "true"));
        assertThat(HostHttpCheck.hostServes(c)).isTrue();
        assertThat(HostHttpCheck.hostServes(host(Map.of()))).isFalse();
    }
}
