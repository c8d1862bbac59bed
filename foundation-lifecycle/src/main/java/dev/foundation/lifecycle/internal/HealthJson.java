package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.HealthReport;
import java.time.Duration;

/** Writes a {@link HealthReport} as JSON, by hand (the module has no JSON library). */
final class HealthJson {

    private HealthJson() {
    }

    static String write(HealthReport report) {
        StringBuilder sb = new StringBuilder(256 + 256 * report.components().size());
        sb.append("{\"status\":\"").append(report.status()).append('"')
                .append(",\"live\":").append(report.live())
                .append(",\"ready\":").append(report.ready())
                .append(",\"started\":").append(report.started())
                .append(",\"shuttingDown\":").append(report.shuttingDown())
                .append(",\"components\":{");
        boolean first = true;
        for (ComponentHealth c : report.components()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, c.name());
            sb.append(":{\"stage\":\"").append(c.stage()).append('"')
                    .append(",\"status\":\"").append(c.status()).append('"')
                    .append(",\"critical\":").append(c.critical())
                    .append(",\"dependencies\":[");
            for (int i = 0; i < c.dependencies().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, c.dependencies().get(i));
            }
            sb.append("],\"detail\":");
            string(sb, c.detail());
            sb.append(",\"lastError\":");
            string(sb, c.lastError());
            sb.append(",\"lastCheck\":");
            string(sb, c.lastCheck() == null ? null : c.lastCheck().toString());
            sb.append(",\"consecutiveFailures\":").append(c.consecutiveFailures())
                    .append(",\"restarts\":").append(c.restarts())
                    .append(",\"startMillis\":").append(millis(c.startDuration()))
                    .append(",\"stopMillis\":").append(millis(c.stopDuration()))
                    .append('}');
        }
        return sb.append("}}").toString();
    }

    private static String millis(Duration d) {
        return d == null ? "null" : Double.toString(d.toNanos() / 1_000_000.0);
    }

    /** Appends a JSON string literal (or {@code null}), escaping per RFC 8259. */
    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}
