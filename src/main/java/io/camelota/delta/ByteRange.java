package io.camelota.delta;

/** Bytes [start, end) of the bundle. */
record ByteRange(long start, long end) {

    long length() {
        return end - start;
    }

    /** The form of a Range header element: inclusive last byte. */
    String spec() {
        return start + "-" + (end - 1);
    }

    /**
     * Parses {@code bytes a-b/total} (Content-Range of a 206). Total may be {@code *}; when the bundle's size is
     * known ({@code size >= 0}) a different total means another file.
     */
    static ByteRange parseContentRange(String value, long size) throws DeltaException {
        if (value == null) {
            throw new DeltaException("206 answer without Content-Range");
        }
        String v = value.trim();
        if (!v.regionMatches(true, 0, "bytes ", 0, 6)) {
            throw new DeltaException("unsupported Content-Range '" + value + "'");
        }
        try {
            int dash = v.indexOf('-', 6);
            int slash = v.indexOf('/', dash);
            long a = Long.parseLong(v.substring(6, dash).trim());
            long b = Long.parseLong(v.substring(dash + 1, slash).trim());
            String total = v.substring(slash + 1).trim();
            if (a < 0 || b < a) {
                throw new DeltaException("invalid Content-Range '" + value + "'");
            }
            if (!"*".equals(total) && size >= 0 && Long.parseLong(total) != size) {
                throw new DeltaException("Content-Range '" + value + "' is for a file of another size than the bundle ("
                        + size + " bytes)");
            }
            return new ByteRange(a, b + 1);
        } catch (RuntimeException e) {
            throw new DeltaException("invalid Content-Range '" + value + "'");
        }
    }
}
