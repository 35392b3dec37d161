package io.camelota.boot;

/**
 * The only three things that reject an installed version (a kill or power cut with attempts left is
 * a retry, never a verdict). The text is what the status and the log say.
 */
public enum RevertReason {
    /** every granted start of the uncommitted slot was used without a commit ({@code boot.attempts}) */
    ATTEMPTS_EXHAUSTED("Update reverted: boot attempts exhausted"),
    /** the commit window ended without a commit and the health check did not pass */
    HEALTH_CHECK_FAILED("Update reverted: health check failed"),
    /** {@code POST /update/revert} (or a caller of {@link BootControl#revert()}) */
    EXPLICIT("Update reverted: explicit revert");

    private final String text;

    RevertReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
