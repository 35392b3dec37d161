package com.example.plainmainhost;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * A plain {@code org.apache.camel.main.Main} program: routes added in Java, settings from
 * application.properties on the class path. It uses update.* for something of its own (its "update
 * feed"), so it runs camel-ota with ota.keys=prefixed: the agent reads ota.update.url and never
 * the host's update.url. Nothing here knows camel-ota.
 */
public final class PlainHost {

    private PlainHost() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:feed?period=250&delay=0").routeId("install")
                        .log("host feed tick from {{update.url}}");
                from("timer:host-fail?repeatCount=1&delay=200").routeId("host-fails")
                        .throwException(new IllegalStateException("host failure on purpose"));
            }
        });
        main.run(args);
    }
}
