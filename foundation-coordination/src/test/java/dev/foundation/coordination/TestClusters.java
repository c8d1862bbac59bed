package dev.foundation.coordination;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts Hazelcast test members (127.0.0.1, multicast off, unique cluster) and terminates them all. */
final class TestClusters implements AutoCloseable {

    private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
    private final EmbeddedMemberConfig settings;

    TestClusters() {
        this(EmbeddedMemberConfig.forTesting().build());
    }

    TestClusters(EmbeddedMemberConfig settings) {
        this.settings = settings;
    }

    EmbeddedMemberConfig settings() {
        return settings;
    }

    HazelcastInstance start() {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastMembers.config(settings));
        members.add(hz);
        return hz;
    }

    List<HazelcastInstance> start(int n) {
        List<HazelcastInstance> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(start());
        }
        return started;
    }

    @Override
    public void close() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
        members.clear();
    }
}
