package io.camelota.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** The four states the original reports to listeners (numeric values are what its RPC clients see). */
public enum UpdateState {
    IDLE(0), PROGRESS(1), ERROR(2), SUCCESS(3);

    private final int code;

    UpdateState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }
}
