package io.camelota.tool;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sign", description = "Add signatures to a bundle; manifest.json keeps its exact bytes.")
final class SignCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle to sign.")
    Path input;
    @Option(names = "--sign-key", required = true, paramLabel = "PEM",
            description = "Signing key for slot sig<n> (n-th option); \"\" leaves that slot as it is.")
    List<String> signKeys;
    @Option(names = {"-o", "--output"}, required = true, description = "Signed bundle to write (may equal BUNDLE).")
    Path output;

    @Override
    public Integer call() throws Exception {
        BundleWriter.sign(input, CreateCommand.loadKeys(signKeys), output);
        return 0;
    }
}
