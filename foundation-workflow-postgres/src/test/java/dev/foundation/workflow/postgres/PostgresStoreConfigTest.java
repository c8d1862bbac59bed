package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.spi.WorkflowStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options and failure reporting of the PostgreSQL store that need no server. */
class PostgresStoreConfigTest {

    @Test
    void options_validateEagerly() {
        assertThatThrownBy(() -> PostgresOptions.defaults().withMaxBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchSize must be >= 1 but was 0");
        assertThatThrownBy(() -> PostgresOptions.defaults().withMaxPoolSize(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPoolSize must be >= 2 but was 1");
        assertThatThrownBy(() -> PostgresOptions.defaults().withConnectionTimeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionTimeout must be >= 250 ms");
        assertThat(PostgresOptions.defaults().maxBatchSize()).isEqualTo(PostgresOptions.DEFAULT_MAX_BATCH_SIZE);
    }

    @Test
    void postgres_rejectsANonPostgresUrl() {
        assertThatThrownBy(() -> PostgresWorkflowStores.postgres("jdbc:sqlite:x.db", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with jdbc:postgresql: but was jdbc:sqlite:x.db");
    }

    @Test
    void initialize_againstAnUnreachableDatabase_failsClearly_withoutLeakingThePasswordOrThreads() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        WorkflowStore store = PostgresWorkflowStores.postgres("jdbc:postgresql://127.0.0.1:" + port + "/db?password=secret",
                "u", "p", PostgresOptions.defaults().withConnectionTimeout(Duration.ofMillis(500)));
        assertThatThrownBy(store::initialize).isInstanceOf(WorkflowStoreException.class)
                .hasMessageContaining("cannot open workflow store jdbc:postgresql://127.0.0.1:" + port + "/db:")
                .message().doesNotContain("secret");
        store.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("foundation-workflow-postgres-writer"));
    }
}
