package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.core.Codecs;
import com.hazelcast.topic.ITopic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invalidation whose publish fails once still reaches the other nodes: the publish is tried again at once.
 * Before, the failure was counted against L3 and the message dropped, so other nodes served the stale entry
 * from L1 until its TTL (here ten minutes).
 */
class PublishRetryTest {

    @TempDir
    Path dir;

    private final TestMembers members = new TestMembers();

    @AfterEach
    void tearDown() {
        members.close();
    }

    /** The member, with the next {@code failing} publishes on its topics refused. */
    private static HazelcastInstance failingPublishes(HazelcastInstance member, AtomicInteger failing) {
        return (HazelcastInstance) Proxy.newProxyInstance(HazelcastInstance.class.getClassLoader(),
                new Class<?>[] {HazelcastInstance.class}, (proxy, method, args) -> {
                    Object result = forward(member, method, args);
                    if (!method.getName().equals("getTopic")) {
                        return result;
                    }
                    ITopic<?> topic = (ITopic<?>) result;
                    return Proxy.newProxyInstance(ITopic.class.getClassLoader(), new Class<?>[] {ITopic.class},
                            (p, m, a) -> {
                                if (m.getName().equals("publish") && failing.getAndDecrement() > 0) {
                                    throw new com.hazelcast.core.HazelcastException("publish refused (scripted)");
                                }
                                return forward(topic, m, a);
                            });
                });
    }

    private static Object forward(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private TieredCache<String, String> cache(HazelcastInstance hz, String node) {
        return TieredCache.<String, String>builder("shared")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l1(L1.maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(10)))
                .l2(L2.disk(dir.resolve(node)))
                .l3(L3.hazelcast(hz))
                .build();
    }

    @Test
    void anInvalidationWhosePublishFailsOnce_stillReachesTheOtherNodes() {
        AtomicInteger failing = new AtomicInteger();
        List<HazelcastInstance> two = members.startSettled(2);
        HazelcastInstance hzA = failingPublishes(two.get(0), failing);
        HazelcastInstance hzB = two.get(1);
        try (TieredCache<String, String> a = cache(hzA, "a"); TieredCache<String, String> b = cache(hzB, "b")) {
            b.put("k", "v1"); // in b's L1 and L2, and in L3
            Awaitility.await().atMost(InvalidationWindow.BOUND).until(() -> "v1".equals(a.getIfPresent("k")));
            failing.set(1);
            a.invalidate("k");
            Awaitility.await().atMost(InvalidationWindow.BOUND).pollInterval(Duration.ofMillis(5))
                    .until(() -> b.getIfPresent("k") == null);
            assertThat(failing.get()).as("the first publish was refused, the second sent").isEqualTo(-1);
        }
    }
}
