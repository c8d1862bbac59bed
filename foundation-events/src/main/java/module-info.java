/**
 * Foundation events: named, partitioned event streams with back-pressure, filters, batching and Flow interop,
 * in memory or durable on disk (segmented logs, group commit, retention, committed offsets, replay,
 * projections). See {@link dev.foundation.events}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // MeterRegistry is in the builder API; Micrometer ships no module-info
module dev.foundation.events {
    requires transitive dev.foundation.core;
    // the JSON codecs of foundation-core, which has Jackson as an optional dependency
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports dev.foundation.events;
}
