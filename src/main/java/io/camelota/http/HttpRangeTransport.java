package io.camelota.http;

import java.io.IOException;
import java.io.InputStream;

import io.camelota.download.DownloadOrigin;
import io.camelota.delta.RangeTransport;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultExchange;

/**
 * The delta's requests go through the same camel-http endpoint as the poll's resumes (TLS bean, timeouts, no
 * redirects, the agent's HttpClient settings) with the device headers of a hop of the original check. The
 * exchange runs on a bare producer, outside any unit of work: camel-http would drain a streamed body when its
 * exchange completes, and these bodies must stay ours (as in ResumableDownload).
 */
public final class HttpRangeTransport implements RangeTransport {

    private final CamelContext context;
    private final UpdateRequest request;
    private final String endpointUri;
    private final DownloadOrigin origin;
    private Producer producer;

    public HttpRangeTransport(CamelContext context, UpdateRequest request, String endpointUri, DownloadOrigin origin) {
        this.context = context;
        this.request = request;
        this.endpointUri = endpointUri;
        this.origin = origin;
    }

    @Override
    public Answer get(String range, String ifRange) throws IOException {
        Exchange ex = new DefaultExchange(context);
        request.prepareHop(ex, origin.url(), origin.checkUrl());
        Message msg = ex.getMessage();
        // a range request is never conditional on the running firmware: it continues this bundle
        msg.removeHeader("If-None-Match");
        msg.removeHeader("If-Modified-Since");
        // nor a resume's or the check's own head range: only what this call asks for
        msg.removeHeader("Range");
        msg.removeHeader("If-Range");
        if (range != null) {
            msg.setHeader("Range", range);
        }
        if (ifRange != null) {
            msg.setHeader("If-Range", ifRange);
        }
        try {
            producer().process(ex);
        } catch (Exception e) {
            throw new IOException("range request failed: " + e.getMessage(), e);
        }
        if (ex.getException() != null) {
            throw new IOException("range request failed: " + ex.getException().getMessage(), ex.getException());
        }
        Message answer = ex.getMessage();
        Long length = answer.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        return new Answer(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                answer.getHeader("Content-Type", String.class), answer.getHeader("Content-Range", String.class),
                length == null ? -1 : length, answer.getBody(InputStream.class));
    }

    /** One producer for all of a delta's requests: its connection stays alive between them. */
    private Producer producer() throws Exception {
        if (producer == null) {
            Endpoint endpoint = context.getEndpoint(endpointUri);
            producer = endpoint.createProducer();
            producer.start();
        }
        return producer;
    }

    @Override
    public void abort(InputStream body) {
        ResponseBodies.abort(body);
    }

    @Override
    public void close() {
        if (producer != null) {
            try {
                producer.stop();
            } catch (Exception ignored) {
                // nothing holds it any more
            }
            producer = null;
        }
    }
}
