package io.camelota.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;

import io.camelota.api.ApiAccess;
import io.camelota.api.OwnHttpServer;
import io.camelota.status.StatusBoard;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the agent into a CamelContext that asked for it with {@code ota.enabled=true}: reads and
 * checks the settings, binds the beans, loads the routes, switches the optional ones off and sets
 * up the HTTP side — all while the context initializes, before any route starts. A bad setting
 * fails the context's start with one line naming the key.
 *
 * Nothing here changes the host's own configuration: the agent's routes carry their own route
 * configuration and stream-cache switch, its HTTP client options sit on its endpoints, its names
 * are prefixed (ota-…, ota…), and the only properties it adds are its own ota.route.* values.
 */
final class OtaWiring extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(OtaWiring.class);

    /** Set by the standalone agent (OtaAgent): how a "reboot" stops or restarts it. */
    static final String AGENT_SHUTDOWN = "otaAgentShutdown";

    /** The library's own copy of the routes. */
    static final String DEFAULT_ROUTES = "classpath:camel-ota/*.yaml";

    @Override
    public void onContextInitializing(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        try {
            ConfigValues c = new ConfigValues(OtaKeys.lookup(pc::resolveProperty));
            if (!c.bool("ota.enabled", false)) {
                LOG.debug("camel-ota is on the class path but ota.enabled is not true: not started");
                return;
            }
            OtaSettings settings = wire(context, pc, c);
            summary = StartSummary.text(settings,
                    context.getRegistry().lookupByNameAndType(AGENT_SHUTDOWN, IntConsumer.class) != null,
                    c.string("update.interval", null) != null);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration error: {}", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Registry name of the settings the standalone agent's preflight read and checked. */
    private static final String CHECKED_SETTINGS = "otaCheckedSettings";

    /**
     * The standalone agent's check before Camel builds anything: a bad key or a boot state it cannot
     * trust ends the start with exactly one line (OtaMain prints it), where a failure inside the
     * context's initialization would also be logged by Camel. The settings read here are the ones the
     * wiring uses, and the data folder is not checked twice.
     */
    static void preflight(CamelContext context) throws java.io.IOException {
        PropertiesComponent pc = context.getPropertiesComponent();
        OtaSettings s = OtaSettings.from(OtaKeys.lookup(pc::resolveProperty));
        if (s.api().mode() == ApiSettings.HttpMode.OWN) {
            io.camelota.api.ApiServer.refusal(s.httpHost(), s.httpPort()).ifPresent(m -> {
                throw new IllegalArgumentException(m);
            });
        }
        OtaBeans.checkDataFolder(s);
        context.getRegistry().bind(CHECKED_SETTINGS, s);
    }

    /** The start summary, logged once the context (the host's, or the agent's own) has started. */
    private volatile String summary;

    @Override
    public void onContextStarted(CamelContext context) {
        if (summary != null) {
            // again: a host (Spring Boot, Camel Main) may have set its exclude pattern after the wiring ran
            io.camelota.camel.AgentHealthScope.apply(context);
            LOG.info(summary);
        }
    }

    private static OtaSettings wire(CamelContext context, PropertiesComponent pc, ConfigValues c) throws Exception {
        OtaSettings checked = context.getRegistry().lookupByNameAndType(CHECKED_SETTINGS, OtaSettings.class);
        OtaSettings settings = checked != null ? checked : OtaSettings.from(OtaKeys.lookup(pc::resolveProperty));
        IntConsumer agentShutdown = context.getRegistry().lookupByNameAndType(AGENT_SHUTDOWN, IntConsumer.class);
        boolean standalone = agentShutdown != null;
        if (!standalone && settings.rebootMode() == io.camelota.device.RebootMode.RESTART) {
            throw new IllegalArgumentException("boot.reboot_mode: restart needs the standalone agent; inside an "
                    + "application use route (boot.reboot_uri), exit, command or none");
        }
        if (settings.api().mode() == ApiSettings.HttpMode.HOST) {
            HostHttpCheck.require(context);
        }
        settings.derivedProperties().forEach(pc::addOverrideProperty);
        if (checked == null) {
            try {
                OtaBeans.checkDataFolder(settings);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        OtaBeans.bind(context, settings, settings.routes().serverDir().toString(),
                standalone ? agentShutdown : code -> exitJvm(code));
        RouteSwitches switches = new RouteSwitches(settings);
        loadRoutes(context, c.string("ota.routes", DEFAULT_ROUTES));
        switches.apply(context);
        OtaBeans.registerObservability(context);
        http(context, settings, switches);
        return settings;
    }

    /** Reads the route files (comma-separated locations, wildcards allowed) into the context. */
    private static void loadRoutes(CamelContext context, String locations) throws Exception {
        List<Resource> found = new ArrayList<>();
        for (String location : locations.split(",")) {
            String l = location.trim();
            if (!l.isEmpty()) {
                Collection<Resource> r = PluginHelper.getPackageScanResourceResolver(context).findResources(l);
                found.addAll(r);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("ota.routes: no route files at '" + locations + "'");
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(found);
    }

    /** ota.http.mode: where the device endpoints (and the demo's update server) are served, said once. */
    private static void http(CamelContext context, OtaSettings settings, RouteSwitches switches) throws Exception {
        ApiSettings api = settings.api();
        boolean serverOn = !switches.stoppedRoutes().contains("ota-update-server");
        // always there, so the routes that use it can be created even when they stay stopped
        OwnHttpServer.addComponent(context, settings.httpPort());
        if (api.mode() == ApiSettings.HttpMode.OWN || (api.mode() == ApiSettings.HttpMode.OFF && serverOn)) {
            startOwnServer(context, settings);
        }
        if (api.mode() == ApiSettings.HttpMode.HOST) {
            LOG.debug("device API on the host's platform-http: the host server's body size limits apply to uploads");
        }
    }

    private static void startOwnServer(CamelContext context, OtaSettings settings) {
        ApiSettings api = settings.api();
        if (settings.httpEnabled() && api.exposed() && settings.authToken().isEmpty()) {
            LOG.warn("SECURITY: the device API on {}:{} accepts UNAUTHENTICATED requests from the network "
                    + "(ota.http.allow_unauthenticated=true): anyone who can reach it can install or revert "
                    + "firmware; set ota.http.auth_token", settings.httpHost(), settings.httpPort());
        }
        long maxUpload = ApiSettings.maxUploadBytes(settings.slots());
        ApiAccess access = new ApiAccess(settings.authToken(), api.allowedHosts(), settings.httpHost(), maxUpload);
        StatusBoard board = context.getRegistry().lookupByNameAndType("otaStatusBoard", StatusBoard.class);
        OwnHttpServer.Limits limits = new OwnHttpServer.Limits(api.headerTimeout(), api.idleTimeout(),
                api.uploadReserveBytes(), board == null ? () -> false : board::isBusy);
        try {
            OwnHttpServer.start(context, settings.httpHost(), settings.httpPort(), maxUpload,
                    settings.dataDir().resolve(io.camelota.boot.DataFolder.UPLOADS), access, limits);
        } catch (Exception e) {
            throw new IllegalStateException("ota.http.port: cannot start the HTTP server: " + e.getMessage(), e);
        }
    }

    /**
     * boot.reboot_mode=exit inside a host application: the whole process ends with boot.exit_code,
     * for its supervisor (systemd, `camel-ota launch`) to start it again on the new slot. On a
     * thread of its own, so the route that asked is not the one waiting for the shutdown hooks.
     */
    private static void exitJvm(int code) {
        Thread t = new Thread(() -> System.exit(code), "ota-exit");
        t.start();
    }
}
