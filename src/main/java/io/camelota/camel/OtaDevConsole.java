package io.camelota.camel;

import java.util.Map;
import java.util.TreeMap;

import io.camelota.api.StatusJson;
import io.camelota.boot.BootControl;
import io.camelota.status.StatusBoard;
import org.apache.camel.support.console.AbstractDevConsole;

/**
 * The {@code ota} dev console: the status of {@code GET /update/status} for {@code camel get},
 * the developer console and Hawtio. Registered only where the host has a dev console registry
 * (camel-console on the classpath); the agent itself does not need one.
 */
public final class OtaDevConsole extends AbstractDevConsole {

    private final StatusBoard board;
    private final BootControl boot;

    public OtaDevConsole(StatusBoard board, BootControl boot) {
        super("camel", "ota", "camel-ota", "Over-the-air update agent: state, running firmware, commit");
        this.board = board;
        this.boot = boot;
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        return StatusJson.fields(board.current(), boot.state(), boot.factoryFirmware());
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(doCallJson(options)).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
