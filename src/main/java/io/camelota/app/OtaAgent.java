package io.camelota.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelota.agent.Reboot;
import io.camelota.agent.AttemptGate;
import io.camelota.api.ApiAccess;
import io.camelota.api.ApiGuard;
import io.camelota.api.ApiServer;
import io.camelota.boot.BootControl;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent: Camel Main with config/application.properties and routes/*.yaml from the working
 * folder. A "restart" reboot stops this Camel Main and starts a fresh one — a new context, the boot
 * sequence again — as a device does after power-up. {@link #run()} blocks (the command line);
 * {@link #start()} runs it on a thread of its own (tests, the demo, embedding).
 */
public final class OtaAgent {

    private static final Logger LOG = LoggerFactory.getLogger(OtaAgent.class);

    private final Map<String, String> overrides;
    private final AtomicInteger boots = new AtomicInteger();
    /** Guards main, exitCode and stopped: a stop and a restart never interleave half-way. */
    private final Object lock = new Object();
    private volatile Main main;
    private volatile int exitCode;
    private boolean stopped;
    private volatile Runnable betweenBoots = () -> { };
    private volatile CountDownLatch started = new CountDownLatch(1);
    private volatile Throwable startFailure;
    private Thread thread;

    /** @param overrides properties that win over config files, system properties and environment */
    public OtaAgent(Map<String, String> overrides) {
        this.overrides = new LinkedHashMap<>(overrides);
    }

    /** Runs until the agent stops for good; returns the process exit code. */
    public int run() throws Exception {
        while (true) {
            Main m = new Main();
            m.setDefaultPropertyPlaceholderLocation(
                    "classpath:application.properties;optional=true,file:config/application.properties;optional=true");
            overrides.forEach(m::addOverrideProperty);
            m.addMainListener(new Wiring());
            synchronized (lock) {
                if (stopped) {
                    return exitCode;
                }
                exitCode = 0;
                main = m;
            }
            boots.incrementAndGet();
            m.run();
            if (startFailure != null) {
                return 1;
            }
            synchronized (lock) {
                if (stopped || exitCode != Reboot.RESTART) {
                    stopped = true;
                    return exitCode;
                }
            }
            LOG.info("agent restarting (boot #{})", boots.get() + 1);
            started = new CountDownLatch(1);
            betweenBoots.run();
        }
    }

    /** Starts {@link #run()} on a thread and waits until the first boot's routes are running. */
    public OtaAgent start() throws Exception {
        thread = new Thread(() -> {
            try {
                exitCode = run();
            } catch (Throwable e) {
                startFailure = e;
                started.countDown();
            }
        }, "ota-agent");
        thread.start();
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent did not start within 60 s");
        }
        if (startFailure != null) {
            throw new IllegalStateException(startFailure.getMessage(), startFailure);
        }
        return this;
    }

    /** Waits until the current boot's routes are running (after a restart, the new one's). */
    public CamelContext awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        if (!started.await(timeout, unit)) {
            throw new IllegalStateException("agent not started");
        }
        return context();
    }

    /** Stops the agent (no reboot) and waits for it; false when it had not ended within 60 s. */
    public boolean stop() throws InterruptedException {
        shutdown(0);
        if (thread != null) {
            thread.join(60_000);
            return !thread.isAlive();
        }
        return true;
    }

    /**
     * Ends the current boot: {@link Reboot#RESTART} starts the agent again, anything else ends
     * {@link #run()} for good. A stop is final: it wins over a restart under way (the next boot
     * never starts) and over a later restart request. Camel Main's completed() also works on a
     * Main that is still starting (it then stops right after its start).
     */
    public void shutdown(int code) {
        Main m;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            exitCode = code;
            stopped = code != Reboot.RESTART;
            m = main;
        }
        if (m != null) {
            m.completed();
        }
    }

    /** Test hook: runs on the agent's thread between two boots of an in-process restart. */
    void betweenBoots(Runnable hook) {
        this.betweenBoots = hook;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int boots() {
        return boots.get();
    }

    public int exitCode() {
        return exitCode;
    }

    /** Reads and checks the settings, binds the beans and starts the HTTP server, before routes exist. */
    private final class Wiring extends MainListenerSupport {
        private RouteSwitches routeSwitches;

        @Override
        public void beforeConfigure(BaseMainSupport m) {
            CamelContext ctx = m.getCamelContext();
            PropertiesComponent pc = ctx.getPropertiesComponent();
            OtaSettings settings;
            try {
                settings = OtaSettings.from(pc::resolveProperty);
            } catch (IllegalArgumentException e) {
                startFailure = e;
                LOG.error("configuration error: {}", e.getMessage());
                throw e;
            }
            settings.derivedProperties().forEach(pc::addOverrideProperty);
            try {
                OtaBeans.bind(ctx, settings, settings.routes().serverDir().toString(), OtaAgent.this::shutdown);
            } catch (IllegalArgumentException e) {
                startFailure = e;
                LOG.error("configuration error: {}", e.getMessage());
                throw e;
            }
            RouteSwitches switches;
            try {
                switches = new RouteSwitches(settings);
            } catch (IllegalArgumentException e) {
                startFailure = e;
                LOG.error("configuration error: {}", e.getMessage());
                throw e;
            }
            routeSwitches = switches;
            boolean serverOn = !switches.stoppedRoutes().contains("update-server");
            if (settings.httpEnabled() || serverOn) {
                startHttpServer(ctx, settings);
            }
        }

        /**
         * The Vert.x server for platform-http, with the device API's guard first on /update* (issue 9):
         * Host, Origin, token and method are decided before a body byte is read. Uploads go to disk as
         * they arrive (never whole in memory), up to what the slots can hold, and are removed after
         * the request.
         */
        private void startHttpServer(CamelContext ctx, OtaSettings settings) {
            if (settings.httpEnabled() && settings.api().exposed() && settings.authToken().isEmpty()) {
                LOG.warn("SECURITY: the device API on {}:{} accepts UNAUTHENTICATED requests from the network "
                        + "(ota.http.allow_unauthenticated=true): anyone who can reach it can install or revert firmware; "
                        + "set ota.http.auth_token", settings.httpHost(), settings.httpPort());
            }
            // a pull or upload holds a worker thread as long as it runs: no "blocked thread" warnings for
            // those; the event loop keeps Vert.x's 2 s check, it must never block
            ctx.getRegistry().bind("otaVertxOptions", new VertxOptions()
                    .setMaxWorkerExecuteTime(24).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS));
            VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
            conf.setBindHost(settings.httpHost());
            conf.setBindPort(settings.httpPort());
            long maxUpload = ApiSettings.maxUploadBytes(settings.slots());
            conf.setMaxBodySize(maxUpload);
            conf.getBodyHandler().setUploadsDirectory(settings.dataDir().resolve("uploads").toString());
            conf.getBodyHandler().setDeleteUploadedFilesOnEnd(true);
            ApiGuard guard = new ApiGuard(new ApiAccess(settings.authToken(), settings.api().allowedHosts(),
                    settings.httpHost(), maxUpload));
            try {
                ctx.addService(new ApiServer(conf, guard));
            } catch (Exception e) {
                throw new IllegalStateException("ota.http.port: cannot start the HTTP server: " + e.getMessage(), e);
            }
        }

        /** After the routes are loaded, before they start: the switched-off ones get autoStartup false. */
        @Override
        public void afterConfigure(BaseMainSupport m) {
            routeSwitches.apply(m.getCamelContext());
            OtaBeans.registerObservability(m.getCamelContext());
        }

        /**
         * "Started" means the boot decision has been made and reported too (the boot route runs on
         * its own timer thread and opens the attempt gate after its status note).
         */
        @Override
        public void afterStart(BaseMainSupport m) {
            AttemptGate gate = m.getCamelContext().getRegistry().lookupByNameAndType("attemptGate", AttemptGate.class);
            try {
                if (gate != null && !gate.awaitBootDecision(30_000)) {
                    LOG.warn("the boot decision did not come within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.countDown();
        }
    }
}
