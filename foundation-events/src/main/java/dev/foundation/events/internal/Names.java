package dev.foundation.events.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names of streams, subscriptions and projections. A durable stream uses each name as one directory or file name
 * under its parent ({@code <dir>/<stream>}, {@code <stream dir>/_subscriptions/<subscription>},
 * {@code <stream dir>/_projections/<projection>.snapshot}), so a name must be exactly one safe path segment: it
 * may never reach the parent ({@code ..}), the parent itself ({@code .}), or anything outside it.
 */
final class Names {

    /** The characters and length of a name: letters, digits, {@code . _ -}, 1 to 200 of them. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Names() {
    }

    /**
     * Checks a name.
     *
     * @param value the name
     * @param what  what it names, for the message ("stream name")
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException if it is not 1 to 200 letters, digits, {@code . _ -}, or is {@code .} or
     *                                  {@code ..}
     */
    static void require(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(what + " must be 1 to 200 letters, digits, '.', '_' or '-', and not"
                    + " '.' or '..' (it is a directory or file name), but was '" + printable(value) + "'");
        }
    }

    /**
     * Resolves a checked name under {@code parent} and verifies that the result is a direct child of it, after
     * normalisation and under its own name: a second line of defence behind {@link #require(String, String)},
     * which callers apply first.
     *
     * @param parent the parent directory
     * @param name   the name (a file or directory name)
     * @param what   what it names, for the message
     * @return {@code parent.resolve(name)}
     * @throws IllegalArgumentException if the name does not resolve to a direct child of {@code parent}
     */
    static Path child(Path parent, String name, String what) {
        Objects.requireNonNull(name, what);
        Path resolved;
        try {
            resolved = parent.resolve(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " '" + printable(name) + "' is not a valid file name here: "
                    + e.getMessage(), e);
        }
        Path normalParent = parent.toAbsolutePath().normalize();
        Path normal = resolved.toAbsolutePath().normalize();
        if (!normalParent.equals(normal.getParent()) || normal.getFileName() == null
                || !normal.getFileName().toString().equals(name)) {
            throw new IllegalArgumentException(what + " '" + printable(name) + "' must name an entry directly in "
                    + normalParent + " but resolves to " + normal);
        }
        return resolved;
    }

    /** The name with control characters escaped, shortened for a message. */
    private static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 240; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 240) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
