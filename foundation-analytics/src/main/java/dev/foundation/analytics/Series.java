package dev.foundation.analytics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One selected meter: its name and tags. A pipeline keeps one series per meter its selector matches.
 *
 * @param name the meter's name
 * @param tags the meter's tags, sorted by key
 */
public record Series(String name, Map<String, String> tags) {

    /**
     * Creates a series.
     *
     * @param name the meter's name
     * @param tags the meter's tags
     */
    public Series {
        Objects.requireNonNull(name, "name");
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * The series of a meter.
     *
     * @param id the meter's id
     * @return its series
     */
    public static Series of(Meter.Id id) {
        Map<String, String> tags = new TreeMap<>();
        for (Tag t : id.getTagsAsIterable()) {
            tags.put(t.getKey(), t.getValue());
        }
        return new Series(id.getName(), tags);
    }

    @Override
    public String toString() {
        return tags.isEmpty() ? name : name + tags;
    }
}
