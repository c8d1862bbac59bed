/**
 * Foundation's durable workflow engine: DAGs of steps with retries, timeouts, saga compensation,
 * a checkpoint after every step and resume after a crash, on an embedded SQLite store by default.
 */
// Micrometer ships no module-info (an automatic module); MeterRegistry is in the builder API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.workflow {
    requires transitive dev.foundation.core;
    requires transitive dev.foundation.events;
    requires transitive java.sql;
    requires transitive com.hazelcast.core;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires transitive micrometer.core;

    exports dev.foundation.workflow;
    exports dev.foundation.workflow.spi;
}
