package io.camelota.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import io.camelota.device.PollSchedule;
import io.camelota.lifecycle.StartVerdict;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.status.DeliberateRefusal;
import io.camelota.status.RolloutDeferral;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-for-update route's decisions that are not routing: may an attempt start, and how each
 * outcome reads in the status (reusing the original's messages and result codes).
 */
public final class UpdateCheck {

    /** Variable: true when this exchange holds the single-flight guard. */
    public static final String STARTED = "ota_started";
    /** Variable: System.nanoTime() when the attempt began (for the debug line that times each check). */
    private static final String STARTED_NANOS = "ota_started_nanos";
    /** Variable: the thread's CPU time then (ns; the check runs on one thread: camel-http is synchronous). */
    private static final String STARTED_CPU = "ota_started_cpu";
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Variable: true when the attempt ended in a {@link DeliberateRefusal}. */
    public static final String DELIBERATE = "ota_deliberate";

    private static final Logger LOG = LoggerFactory.getLogger(UpdateCheck.class);

    private final StatusBoard board;
    private final UpdateLifecycle lifecycle;
    private final String configuredUrl;
    private final PollSchedule schedule;

    public UpdateCheck(StatusBoard board, UpdateLifecycle lifecycle, String configuredUrl, PollSchedule schedule) {
        this.board = board;
        this.lifecycle = lifecycle;
        this.configuredUrl = configuredUrl;
        this.schedule = schedule;
    }

    /** Starts an attempt for the body's URL (or update.url); a busy or uncommitted device skips it with a log line. */
    public void begin(Exchange exchange) {
        String url = exchange.getMessage().getBody(String.class);
        if (url == null || url.isBlank()) {
            url = configuredUrl;
        }
        exchange.setVariable(STARTED, false);
        if (url == null || url.isBlank()) {
            LOG.info("update check skipped: no URL given and update.url is not set");
            return;
        }
        StartVerdict verdict = lifecycle.tryStart(exchange.getExchangeId(), url, false);
        if (verdict != StartVerdict.STARTED) {
            LOG.info("update check skipped: {}", verdict.reason());
            return;
        }
        exchange.setVariable(STARTED, true);
        exchange.setVariable(STARTED_NANOS, System.nanoTime());
        if (LOG.isDebugEnabled()) {
            exchange.setVariable(STARTED_CPU, THREADS.getCurrentThreadCpuTime());
        }
        exchange.setVariable(UpdateRequest.NEXT_URL, url.trim());
        exchange.removeVariable(Redirects.HOPS);
    }

    /**
     * A 304: to the running firmware's validators "Not Modified"; to the rolled-back version's, the
     * server still offers that version: refused again, without downloading it.
     */
    public void notModified(Exchange exchange) {
        Redirects.closeBody(exchange.getMessage());
        if (exchange.getVariable(UpdateRequest.CONDITIONAL) == HttpValidators.Meaning.REJECTED) {
            throw new DeliberateRefusal(DeliberateRefusal.ROLLED_BACK);
        }
        board.success(exchange.getExchangeId(), "Not Modified");
    }

    public void invalidResponse(Exchange exchange) {
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == 429 || status == 503) {
            schedule.retryAfter(msg.getHeader("Retry-After", String.class));
        }
        Redirects.closeBody(msg);
        throw new UpdateFailure(-status, "Invalid HTTP response code");
    }

    /** Maps whatever ended the attempt to a status error, once. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        UpdateFailure f = classify(e);
        if (f instanceof RolloutDeferral) {
            board.success(exchange.getExchangeId(), f.getMessage()); // "not yet" is an answer: no backoff
        } else {
            board.error(exchange.getExchangeId(), f.result(), f.getMessage());
        }
        // the device's own policy refused a valid offer: the server is fine, the backoff must not grow
        exchange.setVariable(DELIBERATE, f instanceof DeliberateRefusal);
        exchange.getMessage().setHeader("CamelFlashResult", f.result());
    }

    public void end(Exchange exchange) {
        if (board.holds(exchange.getExchangeId())) {
            schedule.outcome(board.current().state() == UpdateState.SUCCESS
                    || exchange.getVariable(DELIBERATE, false, Boolean.class));
            Long started = exchange.getVariable(STARTED_NANOS, Long.class);
            if (started != null && LOG.isDebugEnabled()) {
                // bench/ reads this line: a poll's cost inside the agent, request to answer handled; the CPU
                // part tells the agent's own work from waiting (for the server, or for a core on a busy machine)
                Long cpu = exchange.getVariable(STARTED_CPU, Long.class);
                LOG.debug("update check took {} us ({} us CPU): {}", (System.nanoTime() - started) / 1000,
                        cpu == null ? "?" : (THREADS.getCurrentThreadCpuTime() - cpu) / 1000, board.current().message());
            }
        }
        lifecycle.attemptEnded(exchange.getExchangeId());
    }

    static UpdateFailure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UpdateFailure f) {
                return f;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return new UpdateFailure(-10, "Failed to connect");
            }
            if (t instanceof SocketTimeoutException) {
                return new UpdateFailure(-1, "Update timed out");
            }
            if (t instanceof SSLException) {
                return new UpdateFailure(-1, "TLS error: " + t.getMessage());
            }
        }
        return new UpdateFailure(-1, e == null ? "Update failed" : "Update failed: " + e.getMessage());
    }
}
