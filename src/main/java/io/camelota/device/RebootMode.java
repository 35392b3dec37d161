package io.camelota.device;

/** {@code boot.reboot_mode}: what a "reboot into the new slot" is where the agent runs (see routes/reboot.yaml). */
public enum RebootMode { RESTART, EXIT, COMMAND, ROUTE, NONE }
