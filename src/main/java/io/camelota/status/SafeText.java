package io.camelota.status;

/**
 * Makes a text that came from outside (a URL, a header, a file name, a server's message) safe to
 * put into a log line or the status JSON: control characters become visible escapes, so a CR/LF
 * in {@code url=} cannot forge a log line or a second status message, and the text is cut to a
 * length a person can read. Jackson escapes JSON by itself; this is about what a person or a
 * line-based log reader sees. A backslash is kept as is, so escaping twice (a message escaped
 * where it is made, then again in the status JSON) changes nothing.
 */
public final class SafeText {

    /** Longest text kept before it is cut (with "…"). */
    public static final int MAX_CHARS = 256;

    private SafeText() {
    }

    /** The text with control characters escaped and cut to {@link #MAX_CHARS}; "null" for null. */
    public static String of(CharSequence text) {
        return of(text, MAX_CHARS);
    }

    public static String of(CharSequence text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= maxChars) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** C0/C1 controls, DEL, line/paragraph separators and the bidi overrides that reorder what a terminal shows. */
    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\ufeff';
    }
}
