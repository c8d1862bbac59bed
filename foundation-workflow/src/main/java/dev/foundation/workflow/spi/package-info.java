/**
 * The store SPI: what a durable store for the workflow engine implements.
 *
 * <p>The engine keeps every instance's state in a {@link dev.foundation.workflow.spi.WorkflowStore}:
 * instances ({@link dev.foundation.workflow.spi.StoredInstance}), per-step state
 * ({@link dev.foundation.workflow.spi.StoredStep}) and an append-only history of step attempts. All writes
 * go through {@link dev.foundation.workflow.spi.WorkflowStore#checkpoint(java.util.List)}: a list of
 * {@link dev.foundation.workflow.spi.Checkpoint} changes applied in one transaction, which is what makes a
 * step's start or result and the instance state move together. The embedded SQLite store
 * ({@link dev.foundation.workflow.WorkflowStores#sqlite(java.nio.file.Path)}) is the reference
 * implementation and {@link dev.foundation.workflow.WorkflowStores#postgres(javax.sql.DataSource)} the PostgreSQL
 * one; a store for another database implements the same contract (the test kit {@code WorkflowStoreKit} runs
 * the same behavioural tests against both).
 */
package dev.foundation.workflow.spi;
