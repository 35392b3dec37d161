package io.camelota.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;
import io.camelota.status.SafeText;
import io.camelota.status.StatusBoard;
import io.camelota.supervisor.AppSupervisor;

/**
 * GET /update/status: the original's status object (state, message, progress_percent,
 * is_committed, commit_timeout, partition) plus what a fleet operator asks next: result code,
 * running fw_version/fw_id, bytes, last check, last error, signature bits, a rejected version.
 */
public final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static Map<String, Object> fields(StatusBoard.Snapshot s, BootState boot, SlotContent factory) {
        return fields(s, boot, factory, null);
    }

    /** With the supervised app's fields (app_state, app_pid, app_restarts; null without supervisor mode). */
    public static Map<String, Object> fields(StatusBoard.Snapshot s, BootState boot, SlotContent factory,
                                             AppSupervisor.AppStatus app) {
        SlotContent running = boot.activeContent() != null ? boot.activeContent() : factory;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().jsonName());
        m.put("state_code", s.state().code());
        m.put("message", s.message() == null ? null : SafeText.of(s.message()));  // may quote outside text
        m.put("result", s.result());
        m.put("progress_percent", s.progressPercent());
        m.put("bytes_received", s.bytesReceived());
        m.put("bytes_total", s.bytesTotal());
        m.put("is_committed", boot.committed());
        m.put("commit_timeout", boot.commitTimeout());
        m.put("partition", boot.activeSlot());
        m.put("revert_partition", boot.revertSlot());
        // from a manifest: outside text, kept as it was in the boot state, made safe where it is served
        m.put("fw_version", safe(running.version()));
        m.put("fw_id", safe(running.buildId()));
        m.put("last_check", s.lastCheck() == null ? null : s.lastCheck().toString());
        m.put("last_error", s.lastError() == null ? null : SafeText.of(s.lastError()));
        m.put("sig_check_result", s.sigCheckResult());
        m.put("rejected_version", boot.rejected() == null ? null : safe(boot.rejected().version()));
        // starts the uncommitted slot has left before it is reverted (null when committed)
        m.put("boot_attempts_left", boot.committed() ? null : boot.attemptsLeft());
        m.put("app_state", app == null ? null : app.state().jsonName());
        m.put("app_pid", app == null ? null : app.pid());
        m.put("app_restarts", app == null ? 0 : app.restarts());
        return m;
    }

    private static String safe(String text) {
        return text == null ? null : SafeText.of(text);
    }

    public static String render(StatusBoard.Snapshot s, BootState boot, SlotContent factory) {
        return render(s, boot, factory, null);
    }

    public static String render(StatusBoard.Snapshot s, BootState boot, SlotContent factory,
                                AppSupervisor.AppStatus app) {
        return render(s, boot, factory, app, false);
    }

    /**
     * @param rebootRequired an installed update or a revert waits for a reboot the agent does not do
     *                       itself (boot.reboot_mode none or route: the host application decides)
     */
    public static String render(StatusBoard.Snapshot s, BootState boot, SlotContent factory,
                                AppSupervisor.AppStatus app, boolean rebootRequired) {
        try {
            Map<String, Object> m = fields(s, boot, factory, app);
            m.put("reboot_required", rebootRequired);
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
