package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The boot state as one JSON file ({@code boot-state.json} in the data folder), written atomically.
 * Every read is validated ({@link BootStateCheck}) and refuses a symlink or a file others may write:
 * a state the agent cannot trust is a {@link BootStateException}, never a factory reset.
 */
public final class BootStateFile implements BootRecord {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;

    public BootStateFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public BootState read() throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.isSymbolicLink(file)) {
            throw new BootStateException(file, "boot state is a symbolic link; refusing to follow it");
        }
        if (OwnerOnly.othersMayWrite(file)) {
            throw new BootStateException(file, "boot state is writable by group or others (mode "
                    + OwnerOnly.octal(file) + ")");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (raw.length == 0) {
            throw new BootStateException(file, "boot state is empty (0 bytes)");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new BootStateException(file, "boot state is not valid JSON (truncated?): "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        try {
            return JSON.treeToValue(BootStateCheck.check(file, tree), BootState.class);
        } catch (JsonProcessingException e) {
            throw new BootStateException(file, "boot state has a field of the wrong type: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    @Override
    public void write(BootState state) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(state));
    }
}
