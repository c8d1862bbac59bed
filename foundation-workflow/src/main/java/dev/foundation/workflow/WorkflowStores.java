package dev.foundation.workflow;

import dev.foundation.workflow.internal.SqliteWorkflowStore;
import dev.foundation.workflow.spi.WorkflowStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Factories for the built-in {@link WorkflowStore}: the embedded SQLite store. The PostgreSQL store (for several
 * engine nodes in cluster mode) is in {@code foundation-workflow-postgres}: {@code PostgresWorkflowStores}.
 */
public final class WorkflowStores {

    private WorkflowStores() {
    }

    /**
     * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, created (with its parent
     * directories) and migrated by the engine. One engine per file.
     *
     * @param file the database file
     * @return the store (the engine that uses it closes it)
     */
    public static WorkflowStore sqlite(Path file) {
        return sqlite(file, SqliteOptions.defaults());
    }

    /**
     * The embedded store with options.
     *
     * @param file    the database file
     * @param options the options
     * @return the store
     */
    public static WorkflowStore sqlite(Path file, SqliteOptions options) {
        return new SqliteWorkflowStore(Objects.requireNonNull(file, "file"), Objects.requireNonNull(options,
                "options"));
    }
}
