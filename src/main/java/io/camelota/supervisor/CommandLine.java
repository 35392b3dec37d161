package io.camelota.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code app.command} as an argument list, without a shell. A shell would make every slot path and
 * config value a possible injection, and SIGTERM would reach {@code sh} instead of the application
 * (a shell that forks does not forward it), so the supervisor could not stop the app it started.
 *
 * <p>Splitting: whitespace separates arguments; {@code '…'} keeps its text literally; {@code "…"}
 * keeps its text, where {@code \"} and {@code \\} are a quote and a backslash; outside quotes a
 * backslash makes the next character literal. Placeholders {@code {app}} and {@code {fs}} are
 * replaced after splitting, so a slot path with spaces stays one argument.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /** Splits {@code line}; an unterminated quote or trailing backslash is a config error naming {@code key}. */
    public static List<String> split(String key, String line) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote == '\'') {
                if (ch == '\'') {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (quote == '"') {
                if (ch == '"') {
                    quote = 0;
                } else if (ch == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(ch);
                }
            } else if (Character.isWhitespace(ch)) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                inArg = true;
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                } else if (ch == '\\') {
                    if (i + 1 == line.length()) {
                        throw new IllegalArgumentException(key + ": ends with a lone backslash");
                    }
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(ch);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(key + ": unterminated " + quote + " quote");
        }
        if (inArg) {
            args.add(cur.toString());
        }
        return List.copyOf(args);
    }

    /** The argument list for one start: {@code {app}} and {@code {fs}} replaced by the active slot's paths. */
    public static List<String> expand(List<String> template, Path app, Path fs) {
        List<String> out = new ArrayList<>(template.size());
        for (String arg : template) {
            String a = arg.replace("{app}", app.toAbsolutePath().toString());
            if (a.contains("{fs}")) {
                if (fs == null) {
                    throw new IllegalArgumentException("app.command: {fs} needs flash.fs_slot.0.path and flash.fs_slot.1.path");
                }
                a = a.replace("{fs}", fs.toAbsolutePath().toString());
            }
            out.add(a);
        }
        return out;
    }
}
