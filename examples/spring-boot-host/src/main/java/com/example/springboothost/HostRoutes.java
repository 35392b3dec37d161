package com.example.springboothost;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The host's own work, chosen to collide with what an embedded agent could break: a route whose id
 * is "install", a route that fails (its error must still be logged by Camel's default error
 * handler), a route that streams (stream caching, on in this application, must still apply), and
 * the route the host restarts itself with when the agent asks (boot.reboot_mode=route).
 */
@Component
public class HostRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:host-tick?period=250").routeId("install")
                .bean("healthCheck", "describe")
                .log("host route install tick ${exchangeProperty.CamelTimerCounter}: ${body}");

        from("timer:host-fail?repeatCount=1&delay=200").routeId("host-fails")
                .throwException(new IllegalStateException("host failure on purpose"));

        from("timer:host-stream?repeatCount=1&delay=200").routeId("host-streams")
                .process(e -> e.getMessage().setBody(new ByteArrayInputStream("host stream".getBytes(StandardCharsets.UTF_8))))
                .to("direct:host-stream-sink");
        from("direct:host-stream-sink").routeId("host-stream-sink")
                .log("host stream body type ${body.getClass().getSimpleName()}");

        // the host decides what a reboot is; this one only records the request (a real host would
        // schedule its own restart, e.g. exit for systemd to start it again)
        from("direct:host-restart").routeId("host-restart")
                .log("host restart requested (OtaRebootRequired=${header.OtaRebootRequired}): the host will restart itself");
    }
}
