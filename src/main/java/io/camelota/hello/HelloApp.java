package io.camelota.hello;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The tiny application the demo and the supervisor tests update. It depends on nothing but the JDK,
 * so {@link AppJar} can put this one class into a runnable jar of its own. Its version and
 * behaviour come from {@code hello.properties} in that jar:
 * <ul>
 *   <li>{@code serve} (default): says hello, then runs until stopped (SIGTERM: says bye)</li>
 *   <li>{@code crash}: says hello, then exits with code 3 at once — a broken release</li>
 *   <li>{@code stubborn}: like serve, but ignores SIGTERM (its shutdown hook never ends), so only
 *       SIGKILL stops it</li>
 *   <li>{@code embedded}: like serve, and exits with 75 ("reboot into the new slot", as an app with
 *       camel-ota inside does after an install) once a file {@code reboot-request} appears in its
 *       working folder (which it deletes)</li>
 * </ul>
 * Every line after the greeting carries the wall-clock time, so a test can measure across processes.
 */
public final class HelloApp {

    private HelloApp() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (InputStream in = HelloApp.class.getResourceAsStream("/hello.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no properties: an unnamed version that serves
        }
        String version = p.getProperty("version", "?");
        String mode = p.getProperty("mode", "serve");
        // the hook first: a stop right after the greeting must still find it
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("bye from " + version);
            System.out.flush();
            if (mode.equals("stubborn")) {
                try {
                    forever.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        System.out.println("hello from " + version);
        if (mode.equals("crash")) {
            System.out.println(version + " exiting with code 3 at " + System.currentTimeMillis());
            System.out.flush();
            System.exit(3);
        }
        System.out.println(version + " up at " + System.currentTimeMillis() + " pid " + ProcessHandle.current().pid());
        System.out.flush();
        if (mode.equals("embedded")) {
            java.nio.file.Path request = java.nio.file.Path.of("reboot-request");
            while (!java.nio.file.Files.deleteIfExists(request)) {
                Thread.sleep(50);
            }
            System.out.println(version + " rebooting with exit code 75");
            System.out.flush();
            System.exit(75);
        }
        forever.await();
    }
}
