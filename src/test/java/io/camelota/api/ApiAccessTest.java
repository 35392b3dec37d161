package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The decisions of {@link ApiAccess} that the HTTP tests do not reach: address forms and edge headers. */
class ApiAccessTest {

    private final ApiAccess open = new ApiAccess("", Set.of("gw.lan"), "0.0.0.0", 1000);

    @Test
    void hostForms() {
        assertThat(check(open, "GET", "/update/status", Map.of("Host", List.of("[::1]:8180")))).isNull();
        assertThat(check(open, "GET", "/update/status", Map.of("Host", List.of("192.168.1.5:8180")))).isNull();
        assertThat(status(open, "GET", "/update/status", Map.of("Host", List.of("192.168.1.6:8180")))).isEqualTo(421);
        assertThat(status(open, "GET", "/update/status", Map.of("Host", List.of("localhost", "evil.example"))))
                .isEqualTo(421);
        assertThat(status(open, "GET", "/update/status", Map.of("Host", List.of("999.1.1.1")))).isEqualTo(421);
        assertThat(status(open, "GET", "/update/status", Map.of("Host", List.of("gw.lan.evil.example")))).isEqualTo(421);
        assertThat(ApiAccess.literal("evil.example")).isNull();
        assertThat(ApiAccess.literal("zz:1")).isNull();
    }

    @Test
    void bodies() {
        Map<String, List<String>> chunkedForm = Map.of("Host", List.of("localhost"), "Transfer-Encoding", List.of("chunked"));
        assertThat(status(open, "POST", "/update", chunkedForm)).isEqualTo(411);
        assertThat(status(open, "POST", "/update", Map.of("Host", List.of("localhost"),
                "Content-Length", List.of("70000")))).isEqualTo(413);
        assertThat(status(open, "POST", "/update", Map.of("Host", List.of("localhost"),
                "Content-Type", List.of("multipart/form-data; boundary=x"), "Content-Length", List.of("1001"))))
                .isEqualTo(413);
        assertThat(check(open, "POST", "/update", Map.of("Host", List.of("localhost"),
                "Content-Type", List.of("multipart/form-data; boundary=x"), "Content-Length", List.of("1000")))).isNull();
        assertThat(status(open, "PUT", "/update/status", Map.of("Host", List.of("localhost")))).isEqualTo(405);
    }

    @Test
    void tokenNeedsTheBearerScheme() {
        ApiAccess withToken = new ApiAccess("t0k", Set.of(), "127.0.0.1", 1000);
        assertThat(check(withToken, "GET", "/update/status", Map.of("Host", List.of("localhost"),
                "Authorization", List.of("bearer t0k")))).isNull();
        assertThat(status(withToken, "GET", "/update/status", Map.of("Host", List.of("localhost"),
                "Authorization", List.of("t0k")))).isEqualTo(401);
        assertThat(status(withToken, "GET", "/update/status", Map.of("Host", List.of("localhost"),
                "Authorization", List.of("Bearer t0k0")))).isEqualTo(401);
    }

    private static ApiAccess.Refusal check(ApiAccess a, String method, String path, Map<String, List<String>> headers) {
        return a.check(new ApiAccess.Request(method, path,
                name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse(List.of()), "192.168.1.5"));
    }

    private static int status(ApiAccess a, String method, String path, Map<String, List<String>> headers) {
        ApiAccess.Refusal r = check(a, method, path, headers);
        return r == null ? 200 : r.status();
    }
}
