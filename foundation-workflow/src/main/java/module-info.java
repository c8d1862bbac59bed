/**
 * Foundation's durable workflow engine: DAGs of steps with retries, timeouts, saga compensation,
 * a checkpoint after every step and resume after a crash, on an embedded SQLite store by default.
 * The PostgreSQL store and the Hazelcast wake-ups of cluster mode are in {@code dev.foundation.workflow.postgres}.
 */
// Micrometer ships no module-info (an automatic module); MeterRegistry is in the builder API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.workflow {
    requires transitive dev.foundation.core;
    requires transitive dev.foundation.events;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;
    requires transitive micrometer.core;

    exports dev.foundation.workflow;
    exports dev.foundation.workflow.spi;
    exports dev.foundation.workflow.spi.jdbc;
}
