package io.camelota.http;

import java.io.IOException;
import java.io.InputStream;

import io.camelota.flash.CheckpointStore;
import io.camelota.flash.DownloadCheckpoint;
import io.camelota.download.DownloadOrigin;
import io.camelota.flash.FlashConstants;
import io.camelota.status.SafeText;
import io.camelota.status.UpdateFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a 200 (or a checkpoint's 206) bundle body in a {@link ResumingInputStream} whose range requests go through the
 * same camel-http endpoint options (TLS bean, timeouts, no redirects) and device headers as the
 * check itself. The range exchange is run on a bare producer, outside any unit of work, because
 * camel-http drains a streamed body when its exchange completes: this stream must stay ours.
 */
public final class ResumableDownload {

    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownload.class);

    private final CamelContext context;
    private final UpdateRequest request;
    private final String endpointUri;
    private final int retries;
    private final long backoffMillis;
    private final CheckpointStore checkpoints;

    public ResumableDownload(CamelContext context, UpdateRequest request, String endpointUri, int retries,
                             long backoffMillis) {
        this(context, request, endpointUri, retries, backoffMillis, null);
    }

    public ResumableDownload(CamelContext context, UpdateRequest request, String endpointUri, int retries,
                             long backoffMillis, CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
        this.context = context;
        this.request = request;
        this.endpointUri = endpointUri;
        this.retries = retries;
        this.backoffMillis = backoffMillis;
    }

    /**
     * Replaces the body with the resuming stream, bound to the final URL (after redirects). A 206 is
     * only accepted as the answer to this check's own Range (a checkpoint of a broken attempt): it then
     * continues that download. A 200 to such a Range means the content changed: the checkpoint goes.
     */
    public void wrap(Exchange exchange) {
        Message msg = exchange.getMessage();
        msg.removeHeader(FlashConstants.ORIGIN);
        msg.removeHeader(FlashConstants.RESUME);
        InputStream body = msg.getBody(InputStream.class);
        if (body == null) {
            return;
        }
        String url = exchange.getVariable(UpdateRequest.URL, String.class);
        Long length = msg.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        DownloadCheckpoint resume = exchange.getVariable(UpdateRequest.RESUME, DownloadCheckpoint.class);
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long base = 0;
        String validator;
        if (status == 206 && resume == null && Boolean.TRUE.equals(exchange.getVariable(UpdateRequest.DELTA_HEAD))) {
            wrapHead(exchange, msg, body, url);
            return;
        }
        if (status == 206) {
            if (resume == null) {
                Redirects.closeBody(msg);
                throw new UpdateFailure(-206, "Invalid HTTP response code");
            }
            String range = msg.getHeader("Content-Range", "", String.class);
            if (!range.trim().startsWith("bytes " + resume.offset() + "-")) {
                Redirects.closeBody(msg);
                dropCheckpoint();
                throw new UpdateFailure(-1, "Invalid Content-Range in resumed download: '" + range + "'");
            }
            base = resume.offset();
            validator = resume.validator();
            msg.setHeader(FlashConstants.RESUME, resume);
            // progress and the trailer bound count the whole bundle, from N on
            msg.setHeader(Exchange.CONTENT_LENGTH, length == null ? null : base + length);
        } else {
            if (resume != null) {
                LOG.info("{} changed since the download broke (200 to If-Range): starting over", SafeText.of(url));
                dropCheckpoint();
            }
            validator = validator(msg);
        }
        String checkUrl = exchange.getVariable(UpdateRequest.CHECK_URL, url, String.class);
        // a 200 although the check asked for the head only: this server ignores Range, so no delta either
        msg.setHeader(FlashConstants.ORIGIN, new DownloadOrigin(url, validator, checkUrl, false));
        long from = base;
        msg.setBody(new ResumingInputStream(body, length == null ? -1 : length, validator,
                (offset, v) -> openFrom(url, checkUrl, from + offset, v), retries, backoffMillis));
    }

    /**
     * A 206 to the check's head Range (flash.delta): the server serves ranges of this bundle. The body goes on
     * seamlessly past the head (one more request, for the rest) for an installer that needs it all; a delta
     * install stops after the manifest and chunk indexes, so the bytes after the head never cross the wire.
     */
    private void wrapHead(Exchange exchange, Message msg, InputStream body, String url) {
        String range = msg.getHeader("Content-Range", "", String.class).trim();
        long total;
        long last;
        try {
            if (!range.startsWith("bytes 0-")) {
                throw new IllegalArgumentException();
            }
            last = Long.parseLong(range.substring(8, range.indexOf('/')));
            total = Long.parseLong(range.substring(range.indexOf('/') + 1));
        } catch (RuntimeException e) {
            Redirects.closeBody(msg);
            throw new UpdateFailure(-1, "Invalid Content-Range in answer to the bundle's head: '" + range + "'");
        }
        String validator = validator(msg);
        String checkUrl = exchange.getVariable(UpdateRequest.CHECK_URL, url, String.class);
        msg.setHeader(FlashConstants.ORIGIN, new DownloadOrigin(url, validator, checkUrl, true));
        msg.setHeader(Exchange.CONTENT_LENGTH, total);
        msg.setBody(new ResumingInputStream(body, total, validator,
                (offset, v) -> openFrom(url, checkUrl, offset, v), retries, backoffMillis).afterHead(last + 1));
    }

    /**
     * Any other answer to a check: a 416 to our Range means the content no longer reaches offset N,
     * so the checkpoint could never be resumed; anything else (5xx, 404…) keeps it for the next poll.
     */
    public void notResumed(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 416 && exchange.getVariable(UpdateRequest.RESUME) != null) {
            dropCheckpoint();
        }
    }

    private void dropCheckpoint() {
        if (checkpoints != null) {
            checkpoints.delete();
        }
    }

    /** A strong ETag, else Last-Modified: what If-Range accepts (a weak ETag may not be used for ranges). */
    static String validator(Message msg) {
        String etag = msg.getHeader("ETag", String.class);
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return msg.getHeader("Last-Modified", String.class);
    }

    /** A Range request to {@code url}, with the headers of a hop of the check that started at {@code checkUrl}. */
    InputStream openFrom(String url, String checkUrl, long offset, String validator) throws IOException {
        Endpoint endpoint = context.getEndpoint(endpointUri);
        Exchange ex = new DefaultExchange(context);
        request.prepareHop(ex, url, checkUrl);
        ex.getMessage().setHeader("Range", "bytes=" + offset + "-");
        ex.getMessage().setHeader("If-Range", validator);
        try {
            Producer producer = endpoint.createProducer();
            producer.start();
            try {
                producer.process(ex);
            } finally {
                producer.stop();
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("resume request failed: " + e.getMessage(), e);
        }
        if (ex.getException() != null) {
            throw new IOException("resume request failed: " + ex.getException().getMessage(), ex.getException());
        }
        Message answer = ex.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InputStream rest = answer.getBody(InputStream.class);
        if (status == 206) {
            String range = answer.getHeader("Content-Range", "", String.class);
            if (!range.trim().startsWith("bytes " + offset + "-")) {
                Redirects.closeBody(answer);
                throw new UpdateFailure(-1, "Invalid Content-Range in resumed download: '" + range + "'");
            }
            return rest;
        }
        Redirects.closeBody(answer);
        if (status == 200) {
            // the content changed (If-Range failed) or the server ignores Range: never append it at offset N
            throw new UpdateFailure(-1, "Server did not resume the download (answered 200 to a Range request)");
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException("resume request answered " + status);
        }
        throw new UpdateFailure(-status, "Invalid HTTP response code");
    }
}
