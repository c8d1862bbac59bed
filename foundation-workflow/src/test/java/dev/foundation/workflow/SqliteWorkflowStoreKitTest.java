package dev.foundation.workflow;

import dev.foundation.workflow.kit.WorkflowStoreKit;
import dev.foundation.workflow.spi.WorkflowStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store behaviour kit on the embedded SQLite store, one file per test. */
class SqliteWorkflowStoreKitTest extends WorkflowStoreKit {

    @TempDir
    Path dir;

    @Override
    protected WorkflowStore newStore() {
        return WorkflowStores.sqlite(dir.resolve("wf.db"));
    }

    @Override
    protected boolean allowsTwoOpenStores() {
        return false;
    }
}
