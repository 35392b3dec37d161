package io.camelota.tool;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the bundle/keygen command line in this JVM and keeps what it printed. */
final class Cli {

    private Cli() {
    }

    static ToolTestSupport.Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = BundleTool.run(new PrintWriter(out), new PrintWriter(err), args);
        return new ToolTestSupport.Run(rc, out.toString(), err.toString());
    }
}
