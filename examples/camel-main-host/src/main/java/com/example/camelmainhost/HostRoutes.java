package com.example.camelmainhost;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.builder.RouteBuilder;

/**
 * The host's own work, chosen to collide with what an embedded agent could break: a route whose id
 * is "install", a route that fails (its error must still be logged by Camel's default error
 * handler) and a route that streams (stream caching, on in this application, must still apply).
 */
public class HostRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:host-tick?period=250&delay=0").routeId("install")
                .log("host route install tick ${exchangeProperty.CamelTimerCounter}");

        from("timer:host-fail?repeatCount=1&delay=200").routeId("host-fails")
                .throwException(new IllegalStateException("host failure on purpose"));

        from("timer:host-stream?repeatCount=1&delay=200").routeId("host-streams")
                .process(e -> e.getMessage().setBody(new ByteArrayInputStream("host stream".getBytes(StandardCharsets.UTF_8))))
                .to("direct:host-stream-sink");
        from("direct:host-stream-sink").routeId("host-stream-sink")
                .log("host stream body type ${body.getClass().getSimpleName()}");
    }
}
