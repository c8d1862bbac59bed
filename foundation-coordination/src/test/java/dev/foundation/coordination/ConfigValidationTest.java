package dev.foundation.coordination;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {

    @Test
    void coordinationConfig_rejectsBadValues_withMessagesNamingTheParameter() {
        assertThatThrownBy(() -> CoordinationConfig.custom().leaderLease(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaderLease must be >= 30ms but was PT0.01S");
        assertThatThrownBy(() -> CoordinationConfig.custom().clockDriftRate(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clockDriftRate must be in [0, 0.5) but was 0.5");
        assertThatThrownBy(() -> CoordinationConfig.custom().minimumClusterSize(0))
                .hasMessage("minimumClusterSize must be >= 1 but was 0");
        assertThatThrownBy(() -> CoordinationConfig.custom().unitTimeout(Duration.ZERO))
                .hasMessage("unitTimeout must be > 0 but was PT0S");
        assertThatThrownBy(() -> CoordinationConfig.custom().maxUnitAttempts(0))
                .hasMessage("maxUnitAttempts must be >= 1 but was 0");
        assertThatThrownBy(() -> CoordinationConfig.custom().operationTimeout(Duration.ofSeconds(-1)))
                .hasMessage("operationTimeout must be > 0 but was PT-1S");
        assertThatThrownBy(() -> CoordinationConfig.custom().clock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
    }

    @Test
    void coordinationConfig_defaultsAndCopies() {
        CoordinationConfig d = CoordinationConfig.defaults();
        assertThat(d.leaderLease()).isEqualTo(CoordinationConfig.DEFAULT_LEADER_LEASE);
        assertThat(d.minimumClusterSize()).isEqualTo(1);
        assertThat(d.releaseOnMemberLoss()).isTrue();
        assertThat(d.meterRegistry()).isEmpty();
        CoordinationConfig c = d.toBuilder().minimumClusterSize(2).build();
        assertThat(c.minimumClusterSize()).isEqualTo(2);
        assertThat(c.leaderLease()).isEqualTo(d.leaderLease());
    }

    @Test
    void embeddedMemberConfig_rejectsBadValues() {
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().port(0))
                .hasMessage("port must be in [1, 65535] but was 0");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().members(List.of()))
                .hasMessage("members must not be empty but was []");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().clusterName(" "))
                .hasMessage("clusterName must not be blank but was ' '");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().heartbeatInterval(Duration.ofMillis(500)))
                .hasMessage("heartbeatInterval must be >= 1s but was PT0.5S");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().heartbeatInterval(Duration.ofSeconds(5))
                .maxNoHeartbeat(Duration.ofSeconds(5)).build())
                .hasMessageContaining("maxNoHeartbeat must be > heartbeatInterval");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().minimumClusterSize(0))
                .hasMessage("minimumClusterSize must be >= 1 but was 0");
    }

    @Test
    void forTesting_givesEachClusterItsOwnNameAndPorts_onLoopback() {
        EmbeddedMemberConfig a = EmbeddedMemberConfig.forTesting().build();
        EmbeddedMemberConfig b = EmbeddedMemberConfig.forTesting().build();
        assertThat(a.clusterName()).isNotEqualTo(b.clusterName()).startsWith("foundation-test-");
        assertThat(a.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(a.members()).hasSize(a.portCount()).allMatch(m -> m.startsWith("127.0.0.1:"));
    }

    @Test
    void fencedResource_acceptsEqualOrHigherTokens_andRejectsLowerOnes() {
        FencedResource r = new FencedResource("r");
        r.write(5, () -> { });
        r.write(5, () -> { });
        assertThat(r.write(7, () -> "x")).isEqualTo("x");
        assertThatThrownBy(() -> r.write(6, () -> { }))
                .isInstanceOfSatisfying(StaleTokenException.class, e -> {
                    assertThat(e.token()).isEqualTo(6);
                    assertThat(e.highestAccepted()).isEqualTo(7);
                });
        assertThat(r.highestToken()).isEqualTo(7);
        assertThat(r.acceptedCount()).isEqualTo(3);
        assertThat(r.rejectedCount()).isEqualTo(1);
    }
}
