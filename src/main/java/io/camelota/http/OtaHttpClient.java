package io.camelota.http;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client settings of the agent's own requests, on its endpoints only ({@code
 * httpClientConfigurer=#otaHttpClientConfigurer}): nothing under {@code camel.component.http.*}, so a
 * host application's HTTP component keeps its own.
 * <ul>
 * <li>no automatic retries: HttpClient 5 would repeat a 503 after a second on its own; the agent's
 * retries are its own (update.retries, with Range resumes) and counted in the status</li>
 * <li>no content compression: the bundle's bytes are hashed and written as they arrive; a
 * transparently decompressed body would no longer be the bytes the server's ETag names</li>
 * <li>no cookie, auth-cache, connection-state or redirect handling: the protocol uses none of them
 * (redirects are followed by the route, hop by hop), and each is an interceptor every poll runs
 * through — a poll is cold code, interpreted each time</li>
 * </ul>
 */
public final class OtaHttpClient implements HttpClientConfigurer {

    /** The registry name the routes and the resume requests refer to. */
    public static final String BEAN = "otaHttpClientConfigurer";

    /** Endpoint options that go with it: one connection per server is all an update needs. */
    public static final String ENDPOINT_OPTIONS = "httpClientConfigurer=#" + BEAN + "&connectionsPerRoute=2";

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries().disableContentCompression().disableCookieManagement().disableAuthCaching()
                .disableConnectionState().disableRedirectHandling();
    }
}
