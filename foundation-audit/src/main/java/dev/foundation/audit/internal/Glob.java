package dev.foundation.audit.internal;

import java.util.regex.Pattern;

/** Globs over {@code /}-separated paths: {@code **} any characters, {@code *} within a segment, {@code ?} one. */
public final class Glob {

    private Glob() {
    }

    /**
     * Compiles a glob.
     *
     * @param glob  the glob
     * @param param the parameter name for errors
     * @return the pattern
     * @throws IllegalArgumentException if empty
     */
    public static Pattern compile(String glob, String param) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException(param + " must not be empty but was ''");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
