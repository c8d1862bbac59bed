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
 * implementation and {@code PostgresWorkflowStores} (module {@code foundation-workflow-postgres}) the PostgreSQL
 * one, a {@link dev.foundation.workflow.spi.LeasedStore} for cluster mode, where nodes may wake each other through
 * {@link dev.foundation.workflow.spi.ClusterSignals}. A store for another database implements the same contract
 * and proves it with the published test kit {@code dev.foundation.workflow.kit.WorkflowStoreKit}
 * ({@code foundation-workflow} with classifier {@code tests}), which runs the same behavioural tests against every
 * store; {@link dev.foundation.workflow.spi.jdbc} holds what JDBC stores share.
 */
package dev.foundation.workflow.spi;
