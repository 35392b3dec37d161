package io.camelota.delta;

/**
 * Delta is not possible here but nothing is wrong: the server ignores Range (200), the bundle changed (If-Range
 * answered 200), the index uses parameters this device does not chunk with. The device downloads in full.
 */
public class DeltaUnsupported extends DeltaException {

    public DeltaUnsupported(String message) {
        super(message);
    }
}
