package io.camelota.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional polls: the ETag / Last-Modified of the bundle last installed (or found to be the
 * running version), per URL, kept in the data folder. The next request to that URL carries
 * If-None-Match / If-Modified-Since, so a plain static server (nginx, S3, a CDN) answers 304
 * without any OTA-specific code and without sending the bundle again.
 */
public final class HttpValidators {

    private static final Logger LOG = LoggerFactory.getLogger(HttpValidators.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a server said about one URL's content. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validators(@JsonProperty("etag") String etag, @JsonProperty("last_modified") String lastModified) {
    }

    private final Path file;
    private final Map<String, Validators> byUrl = new LinkedHashMap<>();

    public HttpValidators(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                byUrl.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Validators>>() { }));
            }
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
        }
    }

    public synchronized Optional<Validators> forUrl(String url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    /** After a 200 whose bundle was installed or is the running version: remember the hop's validators. */
    public void rememberResponse(Exchange exchange) throws IOException {
        Message msg = exchange.getMessage();
        Integer result = msg.getHeader("CamelFlashResult", Integer.class);
        String url = exchange.getVariable(UpdateRequest.URL, String.class);
        String etag = msg.getHeader("ETag", String.class);
        String lastModified = msg.getHeader("Last-Modified", String.class);
        if (result != null && result > 0 && url != null && (etag != null || lastModified != null)) {
            remember(url, new Validators(etag, lastModified));
        }
    }

    public synchronized void remember(String url, Validators v) throws IOException {
        byUrl.put(url, v);
        AtomicFiles.write(file, JSON.writeValueAsBytes(byUrl));
    }
}
