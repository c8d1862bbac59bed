/**
 * The PostgreSQL store of Foundation's workflow engine and its cluster mode: several engines share one database,
 * each in-flight instance owned by one node under a lease, every checkpoint fenced by the lease's epoch. Nodes
 * may wake each other through Hazelcast ({@link dev.foundation.workflow.postgres.HazelcastClusterSignals},
 * optional dependency). See {@link dev.foundation.workflow.postgres}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // HikariCP's module name is its own; Hazelcast ships no module-info
module dev.foundation.workflow.postgres {
    requires transitive dev.foundation.workflow;
    requires transitive java.sql;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    // optional: HazelcastClusterSignals; a cluster without Hazelcast polls and never loads it
    requires static transitive com.hazelcast.core;

    exports dev.foundation.workflow.postgres;
}
