package io.camelota.http;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Sends one GET through the camel-http producer exactly as the agent wires it: {@link DeviceTls} bound as the
 * beans {@code otaTls} and {@code otaHostnameVerifier}, referenced from the endpoint URI.
 */
final class CamelHttps {

    static final String OPTIONS =
            "?sslContextParameters=#otaTls&x509HostnameVerifier=#otaHostnameVerifier&throwExceptionOnFailure=false";

    /** Outcome of one request: the status and body, or the exception the exchange failed with. */
    record Result(int status, String body, Exception error) {
    }

    private CamelHttps() {
    }

    static Result get(DeviceTls tls, String endpointUrl) throws Exception {
        return get(tls, endpointUrl, Map.of());
    }

    static Result get(DeviceTls tls, String endpointUrl, Map<String, Object> headers) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("otaTls", tls.sslContextParameters());
            camel.getRegistry().bind("otaHostnameVerifier", tls.hostnameVerifier());
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange ex = template.send(endpointUrl + OPTIONS, e -> {
                e.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
                e.getIn().getHeaders().putAll(headers);
            });
            if (ex.getException() != null) {
                return new Result(-1, null, ex.getException());
            }
            Integer status = ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            return new Result(status == null ? -1 : status, ex.getMessage().getBody(String.class), null);
        }
    }
}
