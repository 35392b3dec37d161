package io.camelota.app;

import java.nio.file.Path;
import java.util.function.IntConsumer;

import io.camelota.device.CommitHealth;
import io.camelota.device.PollSchedule;
import io.camelota.http.HttpValidators;
import io.camelota.http.ResumableDownload;
import io.camelota.device.Reboot;
import io.camelota.api.DeviceApi;
import io.camelota.api.PullRunner;
import io.camelota.boot.BootControl;
import io.camelota.camel.CamelHealth;
import io.camelota.camel.OtaDevConsole;
import io.camelota.camel.OtaHealthCheck;
import io.camelota.boot.DataFolder;
import io.camelota.flash.CheckpointStore;
import io.camelota.http.DeviceTls;
import io.camelota.http.Redirects;
import io.camelota.http.TlsSettings;
import io.camelota.http.UpdateCheck;
import io.camelota.http.UpdateRequest;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.server.BundleCatalog;
import io.camelota.status.StatusBoard;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.EventNotifierSupport;

/**
 * All bean wiring in one place: the names the YAML routes use (#otaTls, updateCheck, …) are
 * bound here and nowhere else. Called once per agent start, before the routes are created.
 */
public final class OtaBeans {

    private OtaBeans() {
    }

    /**
     * Puts the agent's health check and dev console into Camel's registries for them; those exist
     * once the context is configured (the console registry only with camel-console and
     * camel.main.dev-console-enabled=true).
     */
    public static void registerObservability(CamelContext context) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        OtaHealthCheck check = context.getRegistry().lookupByNameAndType("otaHealthCheck", OtaHealthCheck.class);
        if (health != null && check != null) {
            health.register(check);
        }
        io.camelota.camel.AgentHealthScope.apply(context);
        DevConsoleRegistry consoles = DevConsoleRegistry.get(context);
        OtaDevConsole console = context.getRegistry().lookupByNameAndType("otaDevConsole", OtaDevConsole.class);
        if (consoles != null && console != null) {
            consoles.register(console);
        }
    }

    /** The boot state behind the configured backend (boot.backend), in the data folder. */
    static BootControl bootControl(OtaSettings s) {
        return s.bootloader().bootControl(s.dataDir().resolve(DataFolder.BOOT_STATE), s.factoryFirmware(),
                s.boot().attempts());
    }

    /**
     * Nothing runs on a data folder or boot state the agent cannot trust (symlink, writable by others,
     * invalid content): one line naming the file, exit code 3 (BootStateException, see OtaMain). Run once
     * per start, before the beans are bound.
     */
    static void checkDataFolder(OtaSettings s) throws java.io.IOException {
        DataFolder.prepare(s.dataDir(), s.dataDir().resolve(DataFolder.BOOT_STATE));
        bootControl(s).verify();
    }

    public static void bind(CamelContext context, OtaSettings s, String serverDir, IntConsumer agentShutdown) {
        Registry r = context.getRegistry();
        StatusBoard board = new StatusBoard();
        // the JSON record alone, or with the U-Boot/GRUB environment deciding the boot (boot.backend)
        BootControl boot = bootControl(s);
        // inside an app run by `camel-ota launch`: the launcher made this start's decision
        boot.decidedByLauncher("1".equals(System.getenv(AppBootloader.LAUNCHED_ENV)));
        // every transition of an update goes through this one owner (waits up to 30 s for the boot decision)
        UpdateLifecycle lifecycle = new UpdateLifecycle(boot, board, 30_000, 1_000);
        DeviceTls tls = DeviceTls.create(new TlsSettings(s.sslCaFile(), s.sslClientCertFile(), s.sslClientKeyFile(),
                s.sslServerName()));

        r.bind("otaSettings", s);
        r.bind("otaStatusBoard", board);
        r.bind("otaBootControl", boot);
        r.bind("otaLifecycle", lifecycle);
        r.bind("otaSlotLayout", s.slots());
        r.bind("otaInstallPolicy", s.installPolicy());
        r.bind("otaDeviceIdentity", s.device());
        r.bind("otaTls", tls.sslContextParameters());
        r.bind("otaHostnameVerifier", tls.hostnameVerifier());
        r.bind(io.camelota.http.OtaHttpClient.BEAN, new io.camelota.http.OtaHttpClient());
        PollSchedule schedule = new PollSchedule(Math.max(1, s.interval()), s.jitter(), s.backoffMax(),
                new java.util.Random(), java.time.Clock.systemUTC(), s.windows().update());
        if (!s.pollOnStart()) {
            schedule.firstPollAfterOneInterval();
        }
        io.camelota.http.RolloutDeferrals deferrals = new io.camelota.http.RolloutDeferrals(
                s.dataDir().resolve(DataFolder.ROLLOUT_DEFERRALS));
        HttpValidators validators = new HttpValidators(s.dataDir().resolve(DataFolder.HTTP_VALIDATORS), boot, deferrals);
        r.bind("otaRolloutCheck", new io.camelota.http.RolloutCheck(s.device(), deferrals));
        r.bind("otaPollSchedule", schedule);
        r.bind("otaHttpValidators", validators);
        r.bind("otaUpdateCheck", new UpdateCheck(board, lifecycle, s.url(), schedule));
        CheckpointStore checkpoints = new CheckpointStore(s.dataDir().resolve(DataFolder.DOWNLOAD_STATE));
        r.bind("otaCheckpointStore", checkpoints);
        // the reboot window is bound below; the fleet state asks the registry when a poll is prepared
        io.camelota.http.FleetState fleet = new io.camelota.http.FleetState(boot, deferrals, () -> {
            io.camelota.device.RebootWindow w = r.lookupByNameAndType("otaRebootWindow", io.camelota.device.RebootWindow.class);
            return w != null && w.waiting();
        }, s.boot().attempts());
        UpdateRequest request = new UpdateRequest(s.device(), boot, s.extraHeaders(), validators, checkpoints, fleet)
                .withDeltaHead(s.delta() ? io.camelota.delta.DeltaUpdates.HEAD_BYTES : 0);
        r.bind("otaUpdateRequest", request);
        r.bind("otaResumableDownload", new ResumableDownload(context, request, "http:ota-resume?" + s.httpOptions(),
                s.retries(), s.retryBackoffMs(), checkpoints));
        if (s.delta()) {
            // range requests through the same camel-http endpoint options and device headers as the poll
            String rangeEndpoint = "http:ota-delta?" + s.httpOptions();
            r.bind("otaDeltaUpdates", new io.camelota.delta.DeltaUpdates(
                    origin -> new io.camelota.http.HttpRangeTransport(context, request, rangeEndpoint, origin),
                    s.dataDir().resolve(DataFolder.DELTA_STATE), s.deltaCheckpointBytes()));
        }
        r.bind("otaRedirects", new Redirects(s.maxRedirects()));
        // boot.reboot_mode=route: the host application's endpoint decides when and how to restart
        String rebootUri = s.boot().rebootUri();
        r.bind("otaReboot", new Reboot(s.rebootMode(), s.rebootCommand(), s.exitCode(), agentShutdown,
                () -> context.createFluentProducerTemplate().to(rebootUri).withHeader("OtaRebootRequired", true).send()));
        r.bind("otaRebootWindow", new io.camelota.device.RebootWindow(r.lookupByNameAndType("otaReboot", Reboot.class),
                board, s.windows().reboot(), java.time.Clock.systemUTC(),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(context, "ota-reboot-window")));
        // a stop or reboot ends the commit window (and a retried commit) at once instead of waiting for it
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                lifecycle.stopping();
            }
        });
        r.bind("otaCommitHealth", new CommitHealth(s.healthUrl(), s.healthCommand(), s.healthTimeout(), s.healthCamel()));
        // mounted on a host's server (ota.http.mode=host) the device API checks Host/Origin/token/method in
        // the route itself; on its own server ApiGuard has done so before the route runs
        boolean onHost = s.api().mode() == ApiSettings.HttpMode.HOST;
        r.bind("otaDeviceApi", new DeviceApi(board, lifecycle, boot, s.enablePost(), s.url(), s.api().servedPrefix(),
                onHost ? new io.camelota.api.ApiAccess(s.authToken(), s.api().allowedHosts(), "127.0.0.1",
                        ApiSettings.maxUploadBytes(s.slots())) : null));
        r.bind("otaServerAccessLog", new io.camelota.server.ServerAccessLog(s.routes().serverAccessLog(),
                java.time.Clock.systemUTC()));
        r.bind("otaBundleCatalog", new BundleCatalog(Path.of(serverDir), s.routes().serverRolloutPercent()));
        // Camel-native health and observability: the agent's own check, the dev console where the
        // host has a registry for one, and the health.camel commit criterion
        r.bind("otaCamelHealth", new CamelHealth(context));
        r.bind("otaHealthCheck", new OtaHealthCheck(board, lifecycle));
        r.bind("otaDevConsole", new OtaDevConsole(board, boot));
        // device API: POST /update?url= runs its attempt in an exchange and thread of its own,
        // so nothing of it completes on the Vert.x event loop
        r.bind("otaPullRunner", new PullRunner(context,
                context.getExecutorServiceManager().newCachedThreadPool(context, "ota-pull")));

        // Supervisor mode (app.command): the app from the active slot, started by the boot route,
        // stopped with this context (so before every in-process "otaReboot"), see io.camelota.supervisor.
        r.bind("otaAppSupervisor", AppSupervisors.create(context, s, lifecycle, r.lookupByNameAndType("otaReboot", Reboot.class)));
    }
}
