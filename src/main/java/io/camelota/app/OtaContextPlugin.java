package io.camelota.app;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ContextServicePlugin;

/**
 * The one switch: Camel finds this plugin through ServiceLoader
 * (META-INF/services/org.apache.camel.spi.ContextServicePlugin) in every CamelContext it builds —
 * Camel Main, plain {@code org.apache.camel.main.Main}, Spring Boot — so adding the library is all
 * the Java a host writes. The plugin only registers {@link OtaWiring}; whether the agent runs is
 * decided later, when the context initializes and the host's properties are all there
 * ({@code ota.enabled=true}). The standalone agent takes this same path (OtaAgent sets ota.enabled).
 */
public final class OtaContextPlugin implements ContextServicePlugin {

    @Override
    public void load(CamelContext context) {
        context.addLifecycleStrategy(new OtaWiring());
    }
}
