package io.camelota.delta;

/** A delta install cannot go on: bad index, wrong bytes from the server, a broken multipart answer. */
public class DeltaException extends Exception {

    public DeltaException(String message) {
        super(message);
    }

    public DeltaException(String message, Throwable cause) {
        super(message, cause);
    }
}
