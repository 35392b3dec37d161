package io.camelota.tool;

import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;

import io.camelota.bundle.BundleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Command line for making and checking firmware bundles: {@code bundle create|sign|inspect} and {@code keygen};
 * and {@code fleet report}, the fleet from an update server's access log.
 * The application's main dispatches those words here. Exit codes: 0 ok, 1 inspect found a failed check,
 * 2 usage error or failure (one line on stderr).
 */
@Command(name = "camel-ota", subcommands = {BundleTool.Bundle.class, KeygenCommand.class,
        io.camelota.fleet.FleetCommand.class},
        description = "Firmware bundle tool for the Mongoose OS OTA protocol.")
public final class BundleTool implements Runnable {

    @Spec
    CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** Stand-alone entry point (java -cp ... io.camelota.tool.BundleTool bundle inspect fw.zip). */
    public static void main(String... args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)} with explicit streams (tests, embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new BundleTool());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("error: " + describe(ex));
            err.flush();
            return 2;
        });
        int rc = cl.execute(args);
        out.flush();
        err.flush();
        return rc;
    }

    /** One readable line: some JDK messages alone ("nope.bin", "Input length = 1") do not say what went wrong. */
    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException nsf) {
            return (nsf.getReason() != null ? nsf.getReason() : "file not found") + ": " + nsf.getFile();
        }
        if (ex instanceof BundleException) {
            return "a device refuses this bundle: " + ex.getMessage();     // the device's own status text
        }
        if (ex instanceof CharacterCodingException) {
            return "not a text (PEM) file";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: bundle, keygen or fleet");
    }

    @Command(name = "bundle", description = "Create, sign or inspect a firmware bundle (fw.zip).",
            subcommands = {CreateCommand.class, SignCommand.class, InspectCommand.class})
    static final class Bundle implements Runnable {
        @Spec
        CommandSpec spec;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: create, sign or inspect");
        }
    }
}
