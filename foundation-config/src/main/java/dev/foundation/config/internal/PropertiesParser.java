package dev.foundation.config.internal;

import dev.foundation.config.ConfigParseException;
import dev.foundation.config.NestingTooDeepException;
import dev.foundation.config.Origin;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@code .properties} file (the {@link java.util.Properties} syntax: {@code #}/{@code !} comments,
 * {@code =}, {@code :} or whitespace separators, backslash continuations and escapes) keeping the line of each
 * key, and builds a tree from the flat keys ({@code app.endpoints[0].url} or {@code app.endpoints.0.url}).
 */
public final class PropertiesParser {

    private final Limits limits;

    /**
     * Creates a parser.
     *
     * @param limits the bounds to enforce
     */
    public PropertiesParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * Parses a file's content.
     *
     * @param file    the file
     * @param content the content
     * @return the root mapping, or null when the file has no entries
     */
    public Node.Mapping parse(Path file, String content) {
        String source = file.toString();
        Trees.FlatBuilder builder = new Trees.FlatBuilder(source);
        String[] lines = content.split("\r\n|\r|\n", -1);
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            int startLine = i + 1;
            String line = stripLeading(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (endsWithContinuation(line)) {
                logical.append(line, 0, line.length() - 1);
                i++;
                if (i >= lines.length) {
                    line = "";
                    break;
                }
                line = stripLeading(lines[i]);
            }
            logical.append(line);
            String entry = logical.toString();
            int sep = separator(entry);
            String rawKey = sep < 0 ? entry : entry.substring(0, sep);
            String rawValue = "";
            if (sep >= 0) {
                int v = sep;
                while (v < entry.length() && (entry.charAt(v) == ' ' || entry.charAt(v) == '\t'
                        || entry.charAt(v) == '\f')) {
                    v++;
                }
                if (v < entry.length() && (entry.charAt(v) == '=' || entry.charAt(v) == ':')) {
                    v++;
                }
                while (v < entry.length() && (entry.charAt(v) == ' ' || entry.charAt(v) == '\t'
                        || entry.charAt(v) == '\f')) {
                    v++;
                }
                rawValue = entry.substring(v);
            }
            String key = unescape(rawKey, source, startLine);
            String value = unescape(rawValue, source, startLine);
            List<String> segments = Trees.segments(key);
            if (segments == null) {
                throw new ConfigParseException(source, startLine, 1, "malformed key '" + key
                        + "' (use dots between names and [n] for list elements)", null);
            }
            if (segments.size() > limits.maxNestingDepth()) {
                throw new NestingTooDeepException(source, startLine, 1, "key '" + key + "' nests "
                        + segments.size() + " levels, deeper than the limit of " + limits.maxNestingDepth());
            }
            builder.put(segments, new Node.Scalar(value, Origin.file(file, startLine)), key, startLine);
            count++;
        }
        return count == 0 ? null : builder.build(Origin.file(file, 1));
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\f')) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static int separator(String entry) {
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s, String source, int line) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i == s.length() - 1) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't':
                    b.append('\t');
                    break;
                case 'n':
                    b.append('\n');
                    break;
                case 'r':
                    b.append('\r');
                    break;
                case 'f':
                    b.append('\f');
                    break;
                case 'u':
                    if (i + 5 > s.length()) {
                        throw new ConfigParseException(source, line, i, "malformed \\uXXXX escape", null);
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        throw new ConfigParseException(source, line, i, "malformed \\uXXXX escape", e);
                    }
                    i += 4;
                    break;
                default:
                    b.append(n);
            }
        }
        return b.toString();
    }
}
