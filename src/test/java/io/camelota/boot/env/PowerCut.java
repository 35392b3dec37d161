package io.camelota.boot.env;

import java.io.IOException;
import java.util.Map;

import io.camelota.boot.BootState;
import io.camelota.boot.BootRecord;

/**
 * A power cut before the n-th durable write (a JSON state write or an environment change): that write
 * and everything after it in this "process" never happen, as when the power goes. Counting every
 * write lets a test cut at each one in turn instead of at random instants.
 */
final class PowerCut {

    /** Thrown where the power went; the test's agent "process" ends there. */
    static final class Cut extends RuntimeException {
        Cut(String where) {
            super("power cut before " + where);
        }
    }

    private int writes;
    private int cutAt = -1;

    /** Cut before the {@code n}-th write from now on (0 = the next one); -1 = never. */
    void armAt(int n) {
        cutAt = n < 0 ? -1 : writes + n;
    }

    int writes() {
        return writes;
    }

    private void write(String what) {
        if (writes == cutAt) {
            cutAt = -1;
            throw new Cut(what);
        }
        writes++;
    }

    BootRecord json(BootRecord inner) {
        return new BootRecord() {
            @Override
            public BootState read() throws IOException {
                return inner.read();
            }

            @Override
            public void write(BootState state) throws IOException {
                PowerCut.this.write("JSON write " + state);
                inner.write(state);
            }
        };
    }

    BootEnv env(BootEnv inner) {
        return new BootEnv() {
            @Override
            public Map<String, String> read() throws IOException {
                return inner.read();
            }

            @Override
            public void apply(Map<String, String> changes) throws IOException {
                if (!changes.isEmpty()) {
                    PowerCut.this.write("environment change " + changes);
                }
                inner.apply(changes);
            }
        };
    }
}
