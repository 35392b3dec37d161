package io.camelota.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import io.camelota.device.Reboot;
import io.camelota.lifecycle.UpdateLifecycle;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the standalone agent: Camel Main with config/application.properties from the working folder
 * (which names the routes, ota.routes = file:routes/*.yaml), wired by the same {@link OtaWiring} a
 * host application gets. A "restart" reboot stops this Camel Main and starts a fresh one — a new context, the boot
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
                    "classpath:application.properties;optional=true,file:" + StartSummary.STANDALONE_CONFIG + ";optional=true");
            // the standalone agent is this context's whole purpose; a host application sets ota.enabled itself
            m.addOverrideProperty("ota.enabled", "true");
            overrides.forEach(m::addOverrideProperty);
            m.bind(OtaWiring.AGENT_SHUTDOWN, (IntConsumer) this::shutdown);
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

    /**
     * The agent itself is wired by {@link OtaWiring} (found through {@link OtaContextPlugin}, as in a
     * host application); this listener only tells {@link #start()} when the first boot decision is made.
     */
    private final class Wiring extends MainListenerSupport {

        @Override
        public void beforeConfigure(BaseMainSupport m) {
            try {
                OtaWiring.preflight(m.getCamelContext());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * "Started" means the boot decision has been made and reported too (the boot route runs on
         * its own timer thread and opens the lifecycle's gate after its status note).
         */
        @Override
        public void afterStart(BaseMainSupport m) {
            UpdateLifecycle lifecycle = m.getCamelContext().getRegistry().lookupByNameAndType("otaLifecycle",
                    UpdateLifecycle.class);
            try {
                if (lifecycle != null && !lifecycle.awaitBootDecision(30_000)) {
                    LOG.warn("the boot decision did not come within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.countDown();
        }
    }
}
