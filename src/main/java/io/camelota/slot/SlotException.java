package io.camelota.slot;

import java.io.IOException;

/** A slot refused a write (too large, read-back mismatch); the message is shown to the user. */
public class SlotException extends IOException {

    public SlotException(String message) {
        super(message);
    }
}
