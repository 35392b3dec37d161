package com.example.springboothost;

import org.springframework.stereotype.Component;

/** The host's own bean named "healthCheck": camel-ota's bean names must not clash with it. */
@Component("healthCheck")
public class HealthCheck {

    public String describe() {
        return "the host's own healthCheck bean";
    }
}
