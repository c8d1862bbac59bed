package dev.foundation.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthJsonTest {

    @Test
    void write_producesTheDocumentedShape_withNullsAndEscapes() {
        HealthReport r = new HealthReport(HealthStatus.DEGRADED, true, true, true, false, List.of(
                new ComponentHealth("db", Stage.RUNNING, HealthStatus.HEALTHY, true, List.of(), null, null, null, 0, 0,
                        Duration.ofMillis(12), null),
                new ComponentHealth("we\"b", Stage.DEGRADED, HealthStatus.DEGRADED, false, List.of("db"),
                        "line1\nline2\t\\ \u0001", "IOException: x", Instant.parse("2026-11-23T10:00:00Z"), 2, 1,
                        Duration.ofNanos(1_500_000), Duration.ofMillis(3))));
        assertThat(HealthJson.write(r)).isEqualTo("{\"status\":\"DEGRADED\",\"live\":true,\"ready\":true,\"started\":true,"
                + "\"shuttingDown\":false,\"components\":{"
                + "\"db\":{\"stage\":\"RUNNING\",\"status\":\"HEALTHY\",\"critical\":true,\"dependencies\":[],\"detail\":null,"
                + "\"lastError\":null,\"lastCheck\":null,\"consecutiveFailures\":0,\"restarts\":0,\"startMillis\":12.0,\"stopMillis\":null},"
                + "\"we\\\"b\":{\"stage\":\"DEGRADED\",\"status\":\"DEGRADED\",\"critical\":false,\"dependencies\":[\"db\"],"
                + "\"detail\":\"line1\\nline2\\t\\\\ \\u0001\",\"lastError\":\"IOException: x\",\"lastCheck\":\"2026-11-23T10:00:00Z\","
                + "\"consecutiveFailures\":2,\"restarts\":1,\"startMillis\":1.5,\"stopMillis\":3.0}}}");
    }
}
