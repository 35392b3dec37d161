/**
 * HTTP client side of the agent. {@link io.camelota.http.DeviceTls} turns the {@code update.ssl_*} settings
 * ({@link io.camelota.http.TlsSettings}) into two registry beans for the camel-http producer:
 * <pre>
 * DeviceTls tls = DeviceTls.create(settings);          // reads the PEM files now, fails naming the key
 * registry.bind("otaTls", tls.sslContextParameters());
 * registry.bind("otaHostnameVerifier", tls.hostnameVerifier());
 * to("https://host/fw.zip?sslContextParameters=#otaTls&amp;x509HostnameVerifier=#otaHostnameVerifier"
 *     + "&amp;throwExceptionOnFailure=false")
 * </pre>
 * The beans also apply when the request URL is replaced with the {@code CamelHttpUri} header (redirects), from an
 * {@code https://} or an {@code http://} endpoint alike (see CamelHttpUriOverrideTest).
 */
package io.camelota.http;
