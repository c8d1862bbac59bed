/**
 * The PostgreSQL store of the workflow engine and what cluster mode needs beside it.
 *
 * <p>{@link dev.foundation.workflow.postgres.PostgresWorkflowStores} builds the store (on a caller's
 * {@link javax.sql.DataSource} or on a HikariCP pool of its own, {@link dev.foundation.workflow.postgres.PostgresOptions});
 * it is a {@link dev.foundation.workflow.spi.LeasedStore}, so several engines given
 * {@link dev.foundation.workflow.ClusterOptions} share its instances: each in-flight instance is owned by one node
 * under a lease kept in the database, claimed with {@code FOR UPDATE SKIP LOCKED}, and every checkpoint is fenced
 * by the lease's epoch. {@link dev.foundation.workflow.postgres.HazelcastClusterSignals} lets nodes wake each other
 * and learn at once of a member leaving; without it they poll.
 */
package dev.foundation.workflow.postgres;
