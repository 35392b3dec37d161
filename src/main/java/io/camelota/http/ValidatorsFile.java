package io.camelota.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;
import io.camelota.http.HttpValidators.Validators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A URL → validators map kept in one JSON file of the data folder, written atomically. The running and
 * rejected firmware's validators and the deferred rollouts' are two such files. An unreadable file is
 * ignored with a warning: it only makes the next poll unconditional, never unsafe.
 */
final class ValidatorsFile {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorsFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Validators> byUrl = new LinkedHashMap<>();

    ValidatorsFile(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                byUrl.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Validators>>() { }));
            }
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
        }
    }

    synchronized Optional<Validators> get(String url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    /** Records {@code v} for {@code url}; false (nothing written) when it is already there. */
    synchronized boolean put(String url, Validators v) throws IOException {
        if (v.equals(byUrl.get(url))) {
            return false;
        }
        byUrl.put(url, v);
        AtomicFiles.write(file, JSON.writeValueAsBytes(byUrl));
        return true;
    }

    /** Forgets {@code url}; false (nothing written) when it was not there. */
    synchronized boolean remove(String url) throws IOException {
        if (byUrl.remove(url) == null) {
            return false;
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(byUrl));
        return true;
    }

    Path path() {
        return file;
    }
}
