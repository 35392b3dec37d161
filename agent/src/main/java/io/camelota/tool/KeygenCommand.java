package io.camelota.tool;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keygen", description = "Make a P-256 signing key pair: NAME.pem (PKCS#8) and NAME.pub.b64;"
        + " prints the Base64 public key (the value for update.key0..7).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "NAME", description = "Key file base name.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Keygen.Result r = Keygen.write(output);
        spec.commandLine().getOut().println(r.publicKeyBase64());
        spec.commandLine().getErr().println("wrote " + r.privateKeyFile() + " and " + r.publicKeyFile());
        return 0;
    }
}
