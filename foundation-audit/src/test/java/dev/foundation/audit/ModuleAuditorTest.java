package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleAuditorTest {

    @TempDir
    Path dir;

    @Test
    void records_eachModuleEvent_andMasksSecrets() {
        try (AuditTrail trail = AuditTrail.builder(dir).keyring(TestKeys.keyring()).build()) {
            ModuleAuditor auditor = ModuleAuditor.of(trail);
            AuditRecord config = auditor.configChanged("ops", "payments",
                    Map.of("pool.size", "4", "db.password", "hunter2", "same", "x"),
                    Map.of("pool.size", "8", "db.password", "s3cret!", "same", "x", "added", "y"))
                    .toCompletableFuture().join();
            assertThat(config.operation()).isEqualTo("config.change");
            assertThat(config.resource()).isEqualTo("config/payments");
            assertThat(config.attributes()).containsEntry("changed.pool.size", "4 -> 8")
                    .containsEntry("changed.db.password", "*** -> ***")
                    .containsEntry("changed.added", "<absent> -> y").doesNotContainKey("changed.same");
            assertThat(config.attributes().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
            auditor.lockAcquired("node-1", "billing", 42).toCompletableFuture().join();
            auditor.lockLost("node-1", "billing", "lease expired").toCompletableFuture().join();
            auditor.leadershipGranted("node-2", "scheduler").toCompletableFuture().join();
            auditor.workflowStarted("alice", "refund", "wf-7").toCompletableFuture().join();
            auditor.workflowCompensated("engine", "refund", "wf-7", "charge").toCompletableFuture().join();
            auditor.cacheInvalidated("alice", "products", List.of("sku:2", "sku:1")).toCompletableFuture().join();
            List<AuditRecord> all = trail.query(AuditQuery.all());
            assertThat(all).extracting(AuditRecord::operation).containsExactly("config.change", "lock.acquire",
                    "lock.lost", "leadership.grant", "workflow.start", "workflow.compensate", "cache.invalidate");
            assertThat(all.get(1).attributes()).isEqualTo(Map.of("fencingToken", "42"));
            assertThat(all.get(6).attributes()).isEqualTo(Map.of("tags", "sku:1,sku:2"));
            assertThat(trail.query(AuditQuery.all().resource("workflow/refund/wf-7"))).hasSize(2);
            assertThat(Set.copyOf(trail.query(AuditQuery.all().actor("node-1")))).hasSize(2);
        }
    }
}
