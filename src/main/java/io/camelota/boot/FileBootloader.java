package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The boot state as one JSON file ({@code boot-state.json} in the data folder), written atomically. */
public final class FileBootloader implements Bootloader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public FileBootloader(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public BootState read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), BootState.class);
        } catch (IOException e) {
            throw new IOException("boot state " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(BootState state) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(state));
    }
}
