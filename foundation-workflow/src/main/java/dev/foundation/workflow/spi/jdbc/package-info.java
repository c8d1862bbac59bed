/**
 * Building blocks for JDBC implementations of {@link dev.foundation.workflow.spi.WorkflowStore}, shared by the
 * embedded SQLite store and the PostgreSQL store of {@code foundation-workflow-postgres}: the base class
 * {@link dev.foundation.workflow.spi.jdbc.JdbcWorkflowStore} (the checkpoint SQL, the same on both databases, and the
 * reads; each store keeps its schema and connections); the group-commit writer ({@link dev.foundation.workflow.spi.jdbc.GroupCommitWriter}: queues,
 * batching, a savepoint per operation, futures, close with a deadline) on a
 * {@link dev.foundation.workflow.spi.jdbc.ConnectionSource} (one pinned connection, or a pool) and a small
 * {@link dev.foundation.workflow.spi.jdbc.SqlDialect}; the schema migrator
 * ({@link dev.foundation.workflow.spi.jdbc.SchemaMigrator}); the read side over the common tables
 * ({@link dev.foundation.workflow.spi.jdbc.JdbcRows}); and the exception a guarded write throws
 * ({@link dev.foundation.workflow.spi.jdbc.FencedWriteException}).
 */
package dev.foundation.workflow.spi.jdbc;
