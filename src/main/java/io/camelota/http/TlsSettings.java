package io.camelota.http;

/**
 * The TLS part of the device configuration, as the {@code update.ssl_*} keys give it.
 * Values are kept as configured; {@link DeviceTls#create(TlsSettings)} interprets them.
 *
 * @param caFile         {@code update.ssl_ca_file}: PEM CA bundle. {@code null}/empty = unset (JDK default trust),
 *                       {@code "*"} = do not verify the server at all.
 * @param clientCertFile {@code update.ssl_client_cert_file}: PEM client certificate (chain, leaf first).
 *                       {@code null}/empty = no client certificate.
 * @param clientKeyFile  {@code update.ssl_client_key_file}: PEM private key. {@code null}/empty = the key is in the
 *                       certificate file, as in Mongoose OS, which has no separate key option.
 * @param serverName     {@code update.ssl_server_name}: name for SNI and the host-name check. {@code null}/empty =
 *                       host from the URL; {@code "*"} = no host-name check.
 */
public record TlsSettings(String caFile, String clientCertFile, String clientKeyFile, String serverName) {

    /** The configuration value meaning "any" (no verification). */
    public static final String ANY = "*";

    public static final String KEY_CA_FILE = "update.ssl_ca_file";
    public static final String KEY_CLIENT_CERT_FILE = "update.ssl_client_cert_file";
    public static final String KEY_CLIENT_KEY_FILE = "update.ssl_client_key_file";
    public static final String KEY_SERVER_NAME = "update.ssl_server_name";

    /** No CA file, no client certificate, host name from the URL: plain JDK defaults. */
    public static TlsSettings defaults() {
        return new TlsSettings(null, null, null, null);
    }

    /** mgos treats an empty string like an absent one, so both read as "unset" here. */
    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
