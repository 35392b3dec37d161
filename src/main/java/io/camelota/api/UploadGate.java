package io.camelota.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits one multipart upload at a time, decided on the headers (before a body byte is read or
 * spooled): a second upload while one is being received, or while an update is running (a poll, a
 * pull, an install), is 409; an upload whose declared length would leave less than
 * {@code ota.http.upload_reserve_bytes} free in the uploads folder's file store is 507. Without the
 * gate every connection spooled its body in parallel (six stalled 2 GiB uploads filled the disk).
 * The upload holds the gate until its request ends (answered, failed or its connection gone).
 */
final class UploadGate {

    static final String BUSY = "Another update is in progress.\r\n";

    /** Reads the usable bytes of the file store that holds a folder (a test may give a smaller disk). */
    interface FreeSpace {
        long usable(Path folder) throws IOException;
    }

    private final AtomicBoolean receiving = new AtomicBoolean();
    private final BooleanSupplier updateRunning;
    private final Path uploads;
    private final long reserveBytes;
    private final FreeSpace freeSpace;

    UploadGate(BooleanSupplier updateRunning, Path uploads, long reserveBytes) {
        this(updateRunning, uploads, reserveBytes, folder -> Files.getFileStore(folder).getUsableSpace());
    }

    UploadGate(BooleanSupplier updateRunning, Path uploads, long reserveBytes, FreeSpace freeSpace) {
        this.updateRunning = updateRunning;
        this.uploads = uploads;
        this.reserveBytes = reserveBytes;
        this.freeSpace = freeSpace;
    }

    /** Null when the request is not an upload or is admitted (then it holds the gate); otherwise the refusal. */
    ApiAccess.Refusal admit(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!isUpload(req)) {
            return null;
        }
        if (updateRunning.getAsBoolean() || !receiving.compareAndSet(false, true)) {
            return new ApiAccess.Refusal(409, BUSY, Map.of());
        }
        ApiAccess.Refusal noRoom = spaceRefusal(req);
        if (noRoom != null) {
            receiving.set(false);
            return noRoom;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                receiving.set(false);
            }
        };
        // vertx-web calls it at the response's end and when the connection closes first
        ctx.addEndHandler(done -> release.run());
        return null;
    }

    /** True while an admitted upload has not ended. */
    boolean receiving() {
        return receiving.get();
    }

    private ApiAccess.Refusal spaceRefusal(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        // chunked: the length is unknown; the body limit caps it, the reserve must still be there
        long declared = length == null ? 0 : Long.parseLong(length.trim());   // ApiAccess refused a bad one
        long usable;
        try {
            usable = freeSpace.usable(uploads);
        } catch (IOException e) {
            return new ApiAccess.Refusal(507, "Cannot read the free space of the uploads folder: " + e.getMessage()
                    + "\r\n", Map.of());
        }
        if (declared > usable - reserveBytes) {
            return new ApiAccess.Refusal(507, "Not enough free space for the upload: " + declared
                    + " bytes declared, " + usable + " bytes usable, " + reserveBytes + " kept free"
                    + " (ota.http.upload_reserve_bytes)\r\n", Map.of());
        }
        return null;
    }

    /** A multipart POST: what Vert.x spools to the uploads folder. */
    static boolean isUpload(HttpServerRequest req) {
        if (req.method() != HttpMethod.POST) {
            return false;
        }
        List<String> type = req.headers().getAll("Content-Type");
        return type.size() == 1 && type.get(0).trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }
}
