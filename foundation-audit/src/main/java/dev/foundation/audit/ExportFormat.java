package dev.foundation.audit;

/** The formats of {@link AuditTrail#export(java.time.Instant, java.time.Instant, ExportFormat, java.io.Writer)}. */
public enum ExportFormat {
    /**
     * One JSON object per line: {@code sequence, timestamp} (ISO-8601), {@code actor, operation, resource,
     * outcome, attributes} (an object) and {@code hash}.
     */
    JSON_LINES,
    /**
     * RFC 4180 CSV with a header line {@code sequence,timestamp,actor,operation,resource,outcome,attributes,hash};
     * the attributes column holds a JSON object. Fields are quoted when they need it. Spreadsheet users: values
     * are written as recorded, so a field starting with {@code = + - @} is not neutralised.
     */
    CSV
}
