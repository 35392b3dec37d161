package io.camelota.app;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.camelota.device.Reboot;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.supervisor.AppSupervisor;
import io.camelota.supervisor.CommandLine;
import io.camelota.supervisor.CommitWindowFailure;
import io.camelota.supervisor.SupervisorSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Builds the agent's {@link AppSupervisor} and ties the app's life to the Camel context's. */
public final class AppSupervisors {

    private AppSupervisors() {
    }

    public static AppSupervisor create(CamelContext context, OtaSettings s, UpdateLifecycle lifecycle, Reboot reboot) {
        SupervisorSettings settings = s.supervisor().withEnv(envProperties(context));
        AppSupervisor app = AppSupervisor.create(settings, s.slots(), lifecycle, s.dataDir(),
                new CommitWindowFailure(lifecycle, reboot::request));
        if (settings.enabled()) {
            // "{fs}" without fs slots is a config error at startup, not at the first launch
            CommandLine.expand(settings.command(), s.slots().appSlot(0), s.slots().fsSlot(0).orElse(null));
            try {
                context.addService(new ServiceSupport() {
                    @Override
                    protected void doStop() {
                        app.stop();
                    }
                }, true, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return app;
    }

    /** app.env.* from every property source (they cannot be looked up one by one: the names are the user's). */
    private static Map<String, String> envProperties(CamelContext context) {
        Map<String, String> env = new HashMap<>();
        Properties loaded = context.getPropertiesComponent().loadProperties(k -> k.startsWith(SupervisorSettings.ENV_PREFIX));
        loaded.stringPropertyNames().forEach(k -> env.put(k, loaded.getProperty(k)));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SupervisorSettings.ENV_PREFIX))
                .forEach(k -> env.put(k, System.getProperty(k)));
        return env;
    }
}
