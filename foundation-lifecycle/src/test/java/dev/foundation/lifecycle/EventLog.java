package dev.foundation.lifecycle;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe, ordered record of events such as {@code "start:db"}. */
final class EventLog {

    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        events.add(event);
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    /** The events with the given prefix, prefix removed, in order. */
    synchronized List<String> of(String prefix) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            if (e.startsWith(prefix)) {
                out.add(e.substring(prefix.length()));
            }
        }
        return out;
    }

    synchronized int indexOf(String event) {
        return events.indexOf(event);
    }
}
