package io.camelota.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.activation.DataHandler;

import io.camelota.boot.BootControl;
import io.camelota.flash.FlashConstants;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.status.SafeText;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;

/**
 * The device endpoints' answers (protocol §7.1), one method per step of routes/device-api.yaml.
 * Every answer starts from a clean header set: request headers (Authorization, a multipart
 * Content-Type, an upstream Content-Length) must never be echoed back.
 */
public final class DeviceApi {

    private final StatusBoard board;
    private final UpdateLifecycle lifecycle;
    private final BootControl boot;
    private final boolean enablePost;
    private final String configuredUrl;
    private final String pathPrefix;
    private final ApiAccess inRouteAccess;

    /** Host, Origin, token and method were checked by {@link ApiGuard} before the request got here. */
    public DeviceApi(StatusBoard board, UpdateLifecycle lifecycle, BootControl boot, boolean enablePost, String configuredUrl) {
        this(board, lifecycle, boot, enablePost, configuredUrl, "", null);
    }

    /**
     * @param pathPrefix    what the paths carry in front of /update on the server ("" on the agent's own)
     * @param inRouteAccess mounted on a host application's server (ota.http.mode=host) no {@link ApiGuard}
     *                      runs ahead of the route: the same checks run here, as the route's first step
     *                      (after the host's server has read the body: its own size limits apply)
     */
    public DeviceApi(StatusBoard board, UpdateLifecycle lifecycle, BootControl boot, boolean enablePost, String configuredUrl,
                     String pathPrefix, ApiAccess inRouteAccess) {
        this.pathPrefix = pathPrefix;
        this.inRouteAccess = inRouteAccess;
        this.board = board;
        this.lifecycle = lifecycle;
        this.boot = boot;
        this.enablePost = enablePost;
        this.configuredUrl = configuredUrl == null ? "" : configuredUrl;
    }

    /** Sets variable ota_action: status, commit, revert, upload, pull, not_allowed or not_found. */
    public void route(Exchange exchange) {
        Message in = exchange.getMessage();
        if (inRouteAccess != null) {
            ApiAccess.Refusal refusal = inRouteAccess.check(new ApiAccess.Request(in.getHeader(Exchange.HTTP_METHOD, "GET",
                    String.class), path(in), name -> headerValues(in, name), null));
            if (refusal != null) {
                exchange.setVariable("ota_action", "refused");
                respond(exchange, refusal.status(), refusal.text());
                refusal.headers().forEach(in::setHeader);
                return;
            }
        }
        exchange.setVariable("ota_action", action(in));
    }

    /**
     * Every value of a request header as Camel holds it (one value, or a list for a repeated header).
     * platform-http filters Host out of the message; the request URL the server built from it
     * (CamelHttpUrl) still carries it, so that is where the Host check reads it.
     */
    private static List<String> headerValues(Message in, String name) {
        Object v = in.getHeader(name);
        if (v == null && name.equalsIgnoreCase("Host")) {
            String url = in.getHeader(Exchange.HTTP_URL, String.class);
            try {
                String authority = url == null ? null : new URI(url).getRawAuthority();
                return authority == null ? List.of() : List.of(authority);
            } catch (URISyntaxException e) {
                return List.of();
            }
        }
        if (v == null) {
            return List.of();
        }
        if (v instanceof Iterable<?> many) {
            List<String> out = new java.util.ArrayList<>();
            many.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        return List.of(String.valueOf(v));
    }

    /** The request path without the query and the mount prefix: /update, /update/status, … */
    private String path(Message in) {
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        String uri = in.getHeader(Exchange.HTTP_URI, "", String.class);
        String p = (uri.isEmpty() ? (path == null ? "" : path) : uri).split("\\?", 2)[0];
        if (!pathPrefix.isEmpty() && p.startsWith(pathPrefix + "/")) {
            p = p.substring(pathPrefix.length());
        }
        return p;
    }

    private String action(Message in) {
        String p = path(in);
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        boolean post = "POST".equals(in.getHeader(Exchange.HTTP_METHOD, "GET", String.class));
        switch (p) {
            case "/update/status":
                return "status";
            case "/update/commit":
                return post ? "commit" : "not_allowed";
            case "/update/revert":
                return post ? "revert" : "not_allowed";
            case "/update/reboot":
                return post ? "reboot" : "not_allowed";
            case "/update":
                if (!post) {
                    return "not_allowed";
                }
                String type = in.getHeader(Exchange.CONTENT_TYPE, "", String.class);
                return type.startsWith("multipart/") ? "upload" : "pull";
            default:
                return "not_found";
        }
    }

    /** A second line of defence behind {@link ApiGuard} (which answers this before the route runs). */
    public void notAllowed(Exchange exchange) {
        respond(exchange, 405, "Method not allowed: state changes need POST\r\n");
        exchange.getMessage().setHeader("Allow", "POST");
    }

    public void notFound(Exchange exchange) {
        respond(exchange, 404, "Not found\r\n");
    }

    public void status(Exchange exchange) {
        io.camelota.supervisor.AppSupervisor app = exchange.getContext().getRegistry()
                .lookupByNameAndType("otaAppSupervisor", io.camelota.supervisor.AppSupervisor.class);
        io.camelota.device.Reboot reboot = exchange.getContext().getRegistry()
                .lookupByNameAndType("otaReboot", io.camelota.device.Reboot.class);
        respond(exchange, 200, StatusJson.render(board.current(), boot.state(), boot.factoryFirmware(),
                app == null || !app.supervising() ? null : app.status(), reboot != null && reboot.requested()));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** 200 Ok / 400 Error (nothing to commit) / 500 when the commit could not be written (the window retries it). */
    public void commit(Exchange exchange) {
        try {
            boolean ok = lifecycle.commit();
            respond(exchange, ok ? 200 : 400, ok ? "Ok" : "Error");
        } catch (IOException e) {
            respond(exchange, 500, "Error: the commit could not be saved\r\n");
        }
    }

    /** POST /update/reboot: an installed update waiting for boot.reboot_window switches over now. */
    public void rebootNow(Exchange exchange) {
        io.camelota.device.RebootWindow w = exchange.getContext().getRegistry()
                .lookupByNameAndType("otaRebootWindow", io.camelota.device.RebootWindow.class);
        boolean started = w != null && w.startNow();
        respond(exchange, started ? 200 : 409, started ? "Ok" : "No installed update is waiting for the reboot window");
    }

    /** A successful revert is followed by the reboot step in the route (after this answer is sent). */
    public void revert(Exchange exchange) {
        try {
            boolean ok = lifecycle.revert();
            respond(exchange, ok ? 200 : 400, ok ? "Ok" : "Error");
        } catch (IOException e) {
            respond(exchange, 500, "Error: the revert could not be saved\r\n");
        }
    }

    /**
     * Picks the uploaded bundle: the first multipart part with a filename, whatever its field name
     * (as the original). Vert.x has written it to a temp file under the data folder while the
     * request arrived (memory stays flat); form fields arrive as headers, so a commit_timeout
     * field counts wherever it stood in the request.
     */
    public void beginUpload(Exchange exchange) throws IOException {
        exchange.setVariable("ota_started", false);
        if (!enablePost) {
            respond(exchange, 400, "POST updates are disabled.\r\n");
            return;
        }
        // the same gate as a poll: waits for the boot decision, needs committed firmware, takes the guard
        switch (lifecycle.tryStart(exchange.getExchangeId(), "upload", true)) {
            case STARTED -> exchange.setVariable("ota_started", true);
            case BUSY -> respond(exchange, 409, "Another update is in progress.\r\n");
            case UNCOMMITTED -> respond(exchange, 400, "Previous update has not been committed yet\r\n");
            case NOT_BOOTED -> respond(exchange, 503, "The boot sequence has not run yet\r\n");
        }
    }

    /** Hands the uploaded file to flash: as the body (inside the route's doTry, so a bad upload still ends the attempt). */
    public void openUpload(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String commitTimeout = in.getHeader("commit_timeout", String.class);
        InputStream file = firstFile(exchange);
        if (file == null) {
            throw new UpdateFailure(-1, "No file in the upload");
        }
        in.getHeaders().clear();
        in.setBody(file);
        if (commitTimeout != null && !commitTimeout.isBlank()) {
            in.setHeader(FlashConstants.COMMIT_TIMEOUT, parseCommitTimeout(commitTimeout));
        }
    }

    /** The first uploaded file: as an attachment, or as the file Vert.x wrote (CamelFilePath) when there is one upload. */
    private static InputStream firstFile(Exchange exchange) throws IOException {
        AttachmentMessage am = exchange.getMessage(AttachmentMessage.class);
        if (am != null && am.hasAttachments()) {
            DataHandler dh = am.getAttachments().values().iterator().next();
            return dh.getInputStream();
        }
        String path = exchange.getMessage().getHeader("CamelFilePath", String.class);
        return path == null ? null : Files.newInputStream(Path.of(path));
    }

    /** Answers with the install's result (the reboot step follows in the route). */
    public void finishUpload(Exchange exchange) {
        Message msg = exchange.getMessage();
        boolean rebootRequired = msg.getHeader(FlashConstants.REBOOT_REQUIRED, false, Boolean.class);
        String message = msg.getHeader(FlashConstants.MESSAGE, String.class);
        respond(exchange, 200, message + "\r\n");
        msg.setHeader(FlashConstants.REBOOT_REQUIRED, rebootRequired);
    }

    public void uploadFailed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = e instanceof UpdateFailure f ? f.getMessage() : "Update aborted";
        int result = e instanceof UpdateFailure f ? f.result() : -1;
        board.error(exchange.getExchangeId(), result, message);
        respond(exchange, 400, message + "\r\n");
    }

    public void endUpload(Exchange exchange) {
        lifecycle.attemptEnded(exchange.getExchangeId());
    }

    /**
     * POST /update?url=… (query or urlencoded form; the original's GET /update?url=): the URL (or
     * update.url) becomes the body for direct:ota-check-for-update. Only an absolute http:// or https://
     * URL passes; anything else is refused with a short text that does not echo it.
     */
    public void beginPull(Exchange exchange) {
        Message in = exchange.getMessage();
        Object raw = in.getHeader("url");
        if (raw instanceof List<?> many && many.size() != 1) {
            refusePull(exchange, "Give one url.\r\n");
            return;
        }
        String url = raw instanceof List<?> one ? String.valueOf(one.get(0)) : raw == null ? "" : raw.toString();
        if (url.isBlank()) {
            url = configuredUrl;
        }
        if (url.isBlank()) {
            refusePull(exchange, "Update URL not specified and none is configured.\r\n");
            return;
        }
        if (!isHttpUrl(url)) {
            refusePull(exchange, "Only http:// and https:// URLs are accepted.\r\n");
            return;
        }
        String ct = in.getHeader("commit_timeout", String.class);
        if (ct != null && !ct.isBlank()) {
            try {
                exchange.setVariable("ota_commit_timeout", parseCommitTimeout(ct));
            } catch (UpdateFailure e) {
                refusePull(exchange, e.getMessage() + "\r\n");
                return;
            }
        }
        String isv = in.getHeader("ignore_same_version", String.class);
        if (isv != null && !isv.isBlank()) {
            exchange.setVariable("ota_ignore_same_version", !isv.trim().equals("0") && !isv.trim().equals("false"));
        }
        in.setBody(url);
    }

    /** An absolute http(s) URL with a host and no whitespace or control characters (nothing to forge a log line with). */
    static boolean isHttpUrl(String url) {
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void refusePull(Exchange exchange, String text) {
        exchange.setVariable("ota_refused", true);
        respond(exchange, 400, text);
    }

    /** Answers the pull once it is done: 200 "(1) …", 500 "(code) …", or 409 when it could not start. */
    public void pullResult(Exchange exchange) {
        if (!exchange.getVariable("ota_started", false, Boolean.class)) {
            respond(exchange, 409, board.isBusy() ? "Another update is in progress.\r\n"
                    : "Failed to create updater context.\r\n");
            return;
        }
        StatusBoard.Snapshot s = board.current();
        respond(exchange, s.result() > 0 ? 200 : 500, "(" + s.result() + ") " + s.message() + "\r\n");
    }

    private static int parseCommitTimeout(String raw) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UpdateFailure(-1, "Invalid commit_timeout: " + SafeText.of(raw, 32));
        }
    }

    private static void respond(Exchange exchange, int code, String body) {
        Message msg = exchange.getMessage();
        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        msg.setHeader(Exchange.CONTENT_TYPE, "text/plain");
        msg.setBody(body);
    }
}
