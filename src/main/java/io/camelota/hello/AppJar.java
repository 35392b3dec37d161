package io.camelota.hello;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a runnable jar of {@link HelloApp} at run time (nothing binary is checked in): the compiled
 * class taken from camel-ota's own class path, a {@code hello.properties} naming the version and
 * behaviour, and a manifest whose Main-Class runs it. {@code java -jar} on the result says
 * "hello from &lt;version&gt;".
 */
public final class AppJar {

    private AppJar() {
    }

    public static byte[] build(String version, String mode) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HelloApp.class.getName());
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            String classFile = HelloApp.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = HelloApp.class.getClassLoader().getResourceAsStream(classFile)) {
                if (in == null) {
                    throw new IOException(classFile + " not found on the class path");
                }
                in.transferTo(jar);
            }
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("hello.properties"));
            jar.write(("version=" + version + "\nmode=" + mode + "\n").getBytes(StandardCharsets.ISO_8859_1));
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
