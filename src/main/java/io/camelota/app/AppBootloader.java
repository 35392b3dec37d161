package io.camelota.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import io.camelota.boot.BootControl;
import io.camelota.boot.DataFolder;
import io.camelota.supervisor.AppProcess;
import io.camelota.supervisor.AppSupervisor;
import io.camelota.supervisor.CommandLine;
import io.camelota.supervisor.PidFile;
import io.camelota.supervisor.SupervisorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar camel-ota.jar launch}: the agent as the bootloader of an application that embeds
 * camel-ota (named for what it is, not "launcher": bin/camel-ota is the device's launch script). No polling, no endpoints, no Camel: it makes the boot decision, runs {@code app.command}
 * on the active slot and waits. Exit code {@code boot.exit_code} (75) means "reboot into the newly
 * installed slot": decide again and start the app again. An app that exits while its slot is
 * uncommitted is a failed boot; a committed app that exits ends this process with its code (the
 * service manager's Restart= decides what follows).
 *
 * <p>Who writes the boot state: this process only while no app runs (the boot decision before a
 * start, the failed-boot revert after an exit); the embedded agent inside the app only while it
 * runs (install, commit, revert). If this process is killed while the app runs the app is an orphan;
 * the next start stops it ({@code app.pid}) before it decides anything, so the two never write at once,
 * and every write is one atomic rename, so a kill of either at any instant loses no write.
 * The app is started with {@code CAMEL_OTA_LAUNCHED=1} in its environment: the decision is made.
 */
public final class AppBootloader {

    private static final Logger LOG = LoggerFactory.getLogger(AppBootloader.class);

    /** Environment variable the launcher sets for the app it runs. */
    public static final String LAUNCHED_ENV = "CAMEL_OTA_LAUNCHED";

    private final OtaSettings settings;
    private final SupervisorSettings app;
    private volatile AppProcess current;
    private volatile boolean stopping;

    public AppBootloader(OtaSettings settings, SupervisorSettings app) {
        this.settings = settings;
        this.app = app;
    }

    /** Reads the configuration as the agent does (system property, environment, config/application.properties). */
    public static AppBootloader fromConfig(Path configFile) throws IOException {
        Properties file = new Properties();
        if (Files.exists(configFile)) {
            try (InputStream in = Files.newInputStream(configFile)) {
                file.load(in);
            }
        }
        Function<String, Optional<String>> lookup = key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'))))
                .or(() -> Optional.ofNullable(file.getProperty(key)));
        // the same keys as the agent, prefixed forms included (ota.boot.backend wins over boot.backend)
        OtaSettings s = OtaSettings.from(OtaKeys.lookup(lookup));
        Map<String, String> env = new HashMap<>();
        file.stringPropertyNames().forEach(k -> env.put(k, file.getProperty(k)));
        System.getProperties().stringPropertyNames().forEach(k -> env.put(k, System.getProperty(k)));
        SupervisorSettings app = s.supervisor().withEnv(env);
        if (!app.enabled()) {
            throw new IllegalArgumentException("app.command: required by 'launch'");
        }
        return new AppBootloader(s, app);
    }

    /** Runs until a committed app exits (its code) or the launcher is stopped (0). */
    public int run() throws IOException, InterruptedException {
        PidFile pidFile = new PidFile(settings.dataDir().resolve(DataFolder.APP_PID));
        Map<String, String> env = prefixed(app.env());
        env.put(SupervisorSettings.ENV_PREFIX + LAUNCHED_ENV, "1");
        SupervisorSettings launched = app.withEnv(env);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "launcher-stop"));
        while (!stopping) {
            AppSupervisor.stopOrphan(pidFile, app.stopTimeout());
            // a fresh BootControl each time: the app's embedded agent changed the file meanwhile
            BootControl boot = bootControl();
            BootControl.BootOutcome outcome = boot.boot();
            int slot = boot.state().activeSlot();
            AppProcess p = AppProcess.start(CommandLine.expand(app.command(), settings.slots().appSlot(slot),
                    settings.slots().fsSlot(slot).orElse(null)), launched, AppProcess.AGENT_LOG);
            current = p;
            pidFile.record(p.handle(), p.argv());
            LOG.info("launch: {} -> pid {} on slot {}", outcome, p.pid(), slot);
            int code = p.exit().join();
            pidFile.clear();
            if (stopping) {
                break;
            }
            if (code == settings.exitCode()) {
                LOG.info("launch: app exited {} (boot.exit_code): rebooting into the slot it installed", code);
                continue;
            }
            BootControl after = bootControl();
            if (!after.isCommitted()) {
                // the next boot decision uses the slot's next attempt, or reverts when none is left
                LOG.warn("launch: app exited {} before committing its slot: failed boot", code);
                continue;
            }
            LOG.info("launch: app exited {}", code);
            return code;
        }
        return 0;
    }

    /** The configured backend (boot.backend), built as the agent builds it: launcher and agent agree on who boots. */
    private BootControl bootControl() {
        return OtaBeans.bootControl(settings);
    }

    private static Map<String, String> prefixed(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> out.put(SupervisorSettings.ENV_PREFIX + k, v));
        return out;
    }

    /** SIGTERM to the launcher: the app stops too. */
    public void stop() {
        stopping = true;
        AppProcess p = current;
        if (p != null) {
            p.stop(app.stopTimeout());
        }
    }
}
