package io.camelota.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code camel-ota fleet report ACCESS_LOG [--html FILE]}: the fleet from an update server's access log. */
@Command(name = "fleet", description = "The fleet as its update server's access log (log_format ota) shows it.",
        subcommands = FleetCommand.Report.class)
public final class FleetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: report");
    }

    @Command(name = "report", description = "Per version: devices running it, that rejected it, deferred, waiting; "
            + "each device's last poll.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Parameters(index = "0", paramLabel = "ACCESS_LOG", description = "nginx (or update-server route) access log in the ota format")
        Path log;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML page with a chart")
        Path html;

        @Option(names = "--slices", paramLabel = "N", defaultValue = "60", description = "Time steps of the chart (default ${DEFAULT-VALUE})")
        int slices;

        @Override
        public Integer call() throws IOException {
            // a device's header bytes may be anything: never fail on them (malformed UTF-8 is replaced)
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\r?\n"));
            FleetReport report = FleetReport.of(lines, Math.max(2, slices));
            spec.commandLine().getOut().print(report.text());
            if (html != null) {
                Files.writeString(html, FleetHtml.render(report), StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("\nwrote " + html);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
