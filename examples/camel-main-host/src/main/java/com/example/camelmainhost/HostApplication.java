package com.example.camelmainhost;

import org.apache.camel.main.Main;

/** An ordinary Camel Main application. Nothing in it knows camel-ota: see application.properties. */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(HostApplication.class).run(args);
    }
}
