package io.camelota.flash;

/** How an install ended when it did not fail: result 1 and whether the device must reboot into the new slot. */
public record InstallResult(int result, String message, boolean rebootRequired, int slot, String version) {

    public static InstallResult applied(int slot, String version) {
        return new InstallResult(1, "Update applied, finalizing", true, slot, version);
    }

    public static InstallResult sameVersion(String version) {
        return new InstallResult(1, "Version is the same as current", false, -1, version);
    }
}
