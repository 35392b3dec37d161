package com.example.camelmainhost;

/** The host's own bean named "healthCheck" (application.properties): camel-ota's names must not clash with it. */
public class HealthCheck {

    public String describe() {
        return "the host's own healthCheck bean";
    }
}
