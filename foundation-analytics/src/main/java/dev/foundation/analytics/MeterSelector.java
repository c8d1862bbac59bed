package dev.foundation.analytics;

import io.micrometer.core.instrument.Meter;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which meters a pipeline reads: a name pattern and required tags.
 *
 * <p>In the name pattern, {@code *} stands for any characters within one dot-separated segment and {@code **} for
 * any characters across segments: {@code foundation.*.duration} matches {@code foundation.cache.duration} but not
 * {@code foundation.cache.load.duration}; {@code foundation.**} matches every Foundation meter.
 * Everything else matches itself.
 */
public final class MeterSelector {

    private final String pattern;
    private final Pattern regex;
    private final Map<String, String> tags;

    private MeterSelector(String pattern, Map<String, String> tags) {
        this.pattern = pattern;
        this.regex = compile(pattern);
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * Meters whose name matches a pattern.
     *
     * @param pattern the name pattern, not blank, at most 256 characters
     * @return the selector
     */
    public static MeterSelector name(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("meter name pattern must not be blank but was '" + pattern + "'");
        }
        if (pattern.length() > 256) {
            throw new IllegalArgumentException("meter name pattern must be at most 256 characters but was "
                    + pattern.length());
        }
        return new MeterSelector(pattern, new TreeMap<>());
    }

    /**
     * The same selector, also requiring a tag.
     *
     * @param key   the tag key
     * @param value the value it must have
     * @return a new selector
     */
    public MeterSelector tag(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> more = new TreeMap<>(tags);
        more.put(key, value);
        return new MeterSelector(pattern, more);
    }

    /**
     * Whether a meter is selected.
     *
     * @param id the meter's id
     * @return {@code true} when its name matches and it has every required tag
     */
    public boolean matches(Meter.Id id) {
        if (!regex.matcher(id.getName()).matches()) {
            return false;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getValue().equals(id.getTag(t.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name pattern.
     *
     * @return the pattern
     */
    public String pattern() {
        return pattern;
    }

    /**
     * The required tags.
     *
     * @return the tags, sorted by key
     */
    public Map<String, String> tags() {
        return tags;
    }

    private static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^.]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return tags.isEmpty() ? pattern : pattern + tags;
    }
}
