/**
 * Building blocks for JDBC implementations of {@link dev.foundation.workflow.spi.WorkflowStore}: the shared read
 * side ({@link dev.foundation.workflow.spi.jdbc.JdbcRows}) over the common tables and the exception a guarded
 * write throws ({@link dev.foundation.workflow.spi.jdbc.FencedWriteException}). The embedded SQLite store and
 * the PostgreSQL store of {@code foundation-workflow-postgres} are built from them; each keeps only its own SQL.
 */
package dev.foundation.workflow.spi.jdbc;
