package io.camelota.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.boot.OwnerOnly;
import io.camelota.supervisor.AppProcess;
import io.camelota.supervisor.SupervisorSettings;

/**
 * Run by {@link UmaskFileModesTest} as its own JVM under {@code umask 000}: starts an agent on
 * {@code args[0]} (prints "port=N"), runs an app whose output goes to {@code args[1]} (app.log), and
 * keeps running until its stdin is closed, so the test can upload to it and look at the modes.
 */
public final class UmaskAgentProbe {

    private UmaskAgentProbe() {
    }

    public static void main(String[] args) throws Exception {
        // the test's own helper makes the folder with the umask's mode: the agent would refuse it
        OwnerOnly.createDirectories(Path.of(args[0]));
        TestAgent agent = TestAgent.on(Path.of(args[0]), Map.of("flash.slot_size", Integer.toString(4 << 20)));
        agent.writeFactoryImage(new byte[] {1, 2, 3});
        agent.start();
        AppProcess app = AppProcess.start(List.of("/bin/sh", "-c", "echo started"),
                new SupervisorSettings(List.of("x"), null, Map.of(), Duration.ofSeconds(1), Path.of(args[1])), l -> { });
        app.exit().get();
        System.out.println("port=" + agent.httpPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        agent.close();
    }
}
