package dev.foundation.federation.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.federation.Federation;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolHealth;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterMembershipTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private EmbeddedMemberConfig settings;
    private HazelcastInstance a;
    private HazelcastInstance b;
    private Federation<String> fa;
    private Federation<String> fb;

    @BeforeEach
    void start() {
        settings = EmbeddedMemberConfig.forTesting().build();
        a = HazelcastMembers.embedded(settings);
        b = HazelcastMembers.embedded(settings);
        fa = Federation.<String>builder("shared").build();
        fb = Federation.<String>builder("shared").build();
    }

    @AfterEach
    void stop() {
        fa.close();
        fb.close();
        a.getLifecycleService().terminate();
        b.getLifecycleService().terminate();
    }

    private static Set<String> names(Federation<String> f) {
        return f.pools().stream().map(PoolHealth::name).collect(Collectors.toSet());
    }

    @Test
    void aCrashedMembersRegistrations_disappearFromEveryOtherMember() {
        HazelcastInstance c = HazelcastMembers.embedded(settings);
        Federation<String> fc = Federation.<String>builder("shared").build();
        try (ClusterMembership<String> ma = ClusterMembership.builder(fa, a).connector(PoolSpec::address).start();
             ClusterMembership<String> mc = ClusterMembership.builder(fc, c).connector(PoolSpec::address).start()) {
            ma.register(PoolSpec.of("from-a", "a:1"));
            mc.register(PoolSpec.of("from-c", "c:1").withWeight(5));
            await().atMost(DEADLINE).until(() -> names(fa).equals(Set.of("from-a", "from-c")));
            c.getLifecycleService().terminate();      // a crash: no deregistration, no close
            await().atMost(DEADLINE).until(() -> names(fa).equals(Set.of("from-a")));
            assertThat(ma.registered()).containsOnlyKeys("from-a");
        } finally {
            fc.close();
        }
    }

    @Test
    void ownership_localPools_connectorFailures_andClose() {
        List<String> removedOnB = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<String> refuse = ConcurrentHashMap.newKeySet();
        fb.addPool(Pool.of("local", "b-only"));
        ClusterMembership<String> ma = ClusterMembership.builder(fa, a).connector(PoolSpec::address).start();
        ClusterMembership<String> mb = ClusterMembership.builder(fb, b)
                .connector(spec -> {
                    if (refuse.contains(spec.name())) {
                        throw new IllegalStateException("cannot reach " + spec.address());
                    }
                    return spec.address();
                })
                .onRemoved(removedOnB::add)
                .start();

        ma.register(PoolSpec.of("eu", "eu:1").withLocality("eu"));
        assertThatThrownBy(() -> mb.register(PoolSpec.of("eu", "elsewhere")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered by cluster member");
        assertThatThrownBy(() -> mb.deregister("eu")).isInstanceOf(IllegalStateException.class);
        await().atMost(DEADLINE).until(() -> names(fb).equals(Set.of("local", "eu")));

        ma.register(PoolSpec.of("eu", "eu:1").withLocality("eu").withWeight(7));   // weight only: same resource
        await().atMost(DEADLINE).until(() -> fb.pool("eu").map(PoolHealth::weight).orElse(0) == 7);
        assertThat(removedOnB).isEmpty();
        ma.register(PoolSpec.of("eu", "eu:2").withLocality("eu").withWeight(7));   // new address: replaced
        await().atMost(DEADLINE).until(() -> removedOnB.equals(List.of("eu:1")));
        String picked = fb.execute(r -> r);
        assertThat(picked).isIn("eu:2", "b-only");

        ma.register(PoolSpec.of("local", "a:local"));     // b has a local pool of that name: skipped there
        refuse.add("down");
        ma.register(PoolSpec.of("down", "unreachable"));  // b's connector fails: not used on b
        await().atMost(DEADLINE).until(() -> names(fa).equals(Set.of("eu", "local", "down")));
        ma.register(PoolSpec.of("marker", "m"));          // applied in order on b after the two above
        await().atMost(DEADLINE).until(() -> names(fb).contains("marker"));
        assertThat(names(fb)).containsExactlyInAnyOrder("local", "eu", "marker");
        for (int i = 0; i < 20; i++) {
            String served = fb.execute(r -> r);
            assertThat(served).isIn("b-only", "eu:2", "m");
        }

        assertThat(ma.deregister("marker")).isTrue();
        assertThat(ma.deregister("marker")).isFalse();
        await().atMost(DEADLINE).until(() -> !names(fb).contains("marker"));

        ma.close();                                      // a's registrations leave the cluster
        ma.close();
        assertThat(names(fa)).isEmpty();
        await().atMost(DEADLINE).until(() -> names(fb).equals(Set.of("local")));
        assertThat(mb.registered()).isEmpty();
        assertThatThrownBy(() -> ma.register(PoolSpec.of("x", "y"))).hasMessageContaining("is closed");
        mb.close();
        assertThat(names(fb)).containsExactly("local"); // a hand-added pool stays
    }

    @Test
    void badInput_isRejected_namingTheValue() {
        assertThatThrownBy(() -> PoolSpec.of("a\tb", "x")).hasMessageContaining("name must not contain a tab");
        assertThatThrownBy(() -> PoolSpec.of("a", "x").withWeight(0)).hasMessageContaining("weight must be between 1");
        assertThatThrownBy(() -> PoolSpec.of(" ", "x")).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> ClusterMembership.builder(fa, a).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connector is required");
        PoolSpec spec = new PoolSpec("n", "host:1 with\u00e9 unicode", 3, "eu-west", 9);
        assertThat(ClusterMembership.decode("n", ClusterMembership.encode("owner", spec))).isEqualTo(spec);
    }

    @Test
    void aPoolWhoseConnectorFailed_isAddedOnceItWorks_withoutAnotherRegistration() {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(2);
        try (ClusterMembership<String> ma = ClusterMembership.builder(fa, a).connector(PoolSpec::address).start();
             ClusterMembership<String> mb = ClusterMembership.builder(fb, b).connector(spec -> {
                 if (refusals.getAndDecrement() > 0) {
                     throw new IllegalStateException("cannot reach " + spec.address() + " yet");
                 }
                 return spec.address();
             }).start()) {
            ma.register(PoolSpec.of("eu", "eu:1"));
            await().atMost(DEADLINE).until(() -> names(fa).equals(Set.of("eu")));
            // b's connector failed twice (the event, then the first retry 1 s later); the next retry succeeds
            await().atMost(DEADLINE).until(() -> names(fb).equals(Set.of("eu")));
            assertThat(refusals.get()).isNegative();
            assertThat(mb.registered()).containsOnlyKeys("eu");
        }
    }

    @Test
    void theResync_removesTheRegistrationOfAMemberWhoseDepartureNoEventAnnounced() {
        try (ClusterMembership<String> mb = ClusterMembership.builder(fb, b).connector(PoolSpec::address)
                .resyncInterval(Duration.ofMillis(200)).start()) {
            // the start's sweep has run: it was queued on the membership's thread before this pool's event
            mb.register(PoolSpec.of("marker", "m:1"));
            await().atMost(DEADLINE).until(() -> names(fb).contains("marker"));
            // the registration of a member that left while b did not hear of it (cut off, or its membership
            // listener not yet added): no member-removed event will come for it
            String departed = java.util.UUID.randomUUID().toString();
            com.hazelcast.map.IMap<String, String> map = b.getMap(ClusterMembership.mapName("shared"));
            map.set("ghost", ClusterMembership.encode(departed, PoolSpec.of("ghost", "gone:1")));
            await().atMost(DEADLINE).until(() -> !map.containsKey("ghost") && !names(fb).contains("ghost"));
        }
        assertThatThrownBy(() -> ClusterMembership.builder(fb, b).resyncInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("resyncInterval must be positive but was PT0S");
    }
}
