package io.camelota.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.fileupload2.core.MultipartInput;

/**
 * Walks a multipart/form-data request body as a stream (commons-fileupload's MultipartInput):
 * form fields before the file are collected, the first part with a filename is handed out as a
 * stream (any field name, as the original), and after the install the rest is read so fields
 * placed after the file (commit_timeout) still count. Nothing is buffered but small fields.
 */
final class MultipartUpload {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final int MAX_FIELD = 4096;

    private final MultipartInput input;
    private final Map<String, String> fields = new HashMap<>();
    private InputStream file;
    private boolean more;

    MultipartUpload(InputStream body, String contentType) throws IOException {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            throw new IOException("multipart/form-data without a boundary");
        }
        input = MultipartInput.builder().setInputStream(body)
                .setBoundary(m.group(1).getBytes(StandardCharsets.ISO_8859_1)).get();
        more = input.skipPreamble();
    }

    /** Reads up to the first file part and returns its content stream, or null when there is none. */
    InputStream openFile() throws IOException {
        while (more) {
            String headers = input.readHeaders();
            Matcher fn = FILENAME.matcher(headers);
            if (fn.find()) {
                file = input.newInputStream();
                return file;
            }
            readField(headers);
            more = input.readBoundary();
        }
        return null;
    }

    /** Skips what the installer left of the file and reads the fields after it. */
    Map<String, String> finish() throws IOException {
        if (file != null) {
            file.close();  // discards the unread rest of the file part
            file = null;
            more = input.readBoundary();
        }
        while (more) {
            String headers = input.readHeaders();
            if (FILENAME.matcher(headers).find()) {
                input.discardBodyData();
            } else {
                readField(headers);
            }
            more = input.readBoundary();
        }
        return fields;
    }

    Map<String, String> fields() {
        return fields;
    }

    private void readField(String headers) throws IOException {
        Matcher name = NAME.matcher(headers);
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        input.readBodyData(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (value.size() < MAX_FIELD) {
                    value.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                value.write(b, off, Math.max(0, Math.min(len, MAX_FIELD - value.size())));
            }
        });
        if (name.find()) {
            fields.put(name.group(1), value.toString(StandardCharsets.UTF_8).trim());
        }
    }
}
