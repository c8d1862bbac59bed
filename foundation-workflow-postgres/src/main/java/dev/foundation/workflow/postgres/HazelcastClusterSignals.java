package dev.foundation.workflow.postgres;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import dev.foundation.workflow.spi.ClusterSignals;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterSignals} over a Hazelcast member: wake-ups travel on a topic, and a member leaving the Hazelcast
 * cluster is reported as that node gone (its node id is its member UUID, the default node id of
 * {@link dev.foundation.workflow.ClusterOptions} with these signals). Needs {@code com.hazelcast:hazelcast} on the
 * class path, an optional dependency of this module.
 *
 * <pre>{@code
 * ClusterOptions.builder().signals(HazelcastClusterSignals.of(hz)).build()
 * }</pre>
 */
public final class HazelcastClusterSignals implements ClusterSignals {

    /** The topic wake-ups are published on. */
    public static final String DEFAULT_TOPIC = "foundation-workflow-wakeups";

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastClusterSignals.class);

    private final HazelcastInstance hazelcast;
    private final String topicName;

    private HazelcastClusterSignals(HazelcastInstance hazelcast, String topicName) {
        this.hazelcast = hazelcast;
        this.topicName = topicName;
    }

    /**
     * Signals through a Hazelcast member, on the {@link #DEFAULT_TOPIC default topic}.
     *
     * @param hazelcast the member (the caller owns it: the signals never shut it down)
     * @return the signals
     */
    public static HazelcastClusterSignals of(HazelcastInstance hazelcast) {
        return of(hazelcast, DEFAULT_TOPIC);
    }

    /**
     * Signals through a Hazelcast member on a topic of their own (several clusters of engines on one Hazelcast
     * cluster).
     *
     * @param hazelcast the member
     * @param topic     the topic name, not blank
     * @return the signals
     * @throws IllegalArgumentException if the topic is blank
     */
    public static HazelcastClusterSignals of(HazelcastInstance hazelcast, String topic) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank but was '" + topic + "'");
        }
        return new HazelcastClusterSignals(hazelcast, topic);
    }

    /** The local member's UUID. */
    @Override
    public Optional<String> localNodeId() {
        return Optional.of(hazelcast.getCluster().getLocalMember().getUuid().toString());
    }

    @Override
    public void announce(String fromNode) {
        try {
            hazelcast.<String>getTopic(topicName).publish(fromNode);
        } catch (RuntimeException e) {
            LOG.debug("node {}: wake-up not sent ({}); other nodes poll", fromNode, e.toString());
        }
    }

    @Override
    public Subscription subscribe(String localNode, Listener listener) {
        Objects.requireNonNull(localNode, "localNode");
        Objects.requireNonNull(listener, "listener");
        ITopic<String> topic = hazelcast.getTopic(topicName);
        UUID topicListener = topic.addMessageListener(m -> {
            if (!localNode.equals(m.getMessageObject())) {
                listener.wakeUp();
            }
        });
        UUID membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new node claims on its own
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.nodeGone(event.getMember().getUuid().toString());
            }
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                topic.removeMessageListener(topicListener);
                hazelcast.getCluster().removeMembershipListener(membershipListener);
            } catch (RuntimeException e) {
                LOG.debug("node {}: removing Hazelcast listeners failed", localNode, e);
            }
        };
    }

    @Override
    public String toString() {
        return "HazelcastClusterSignals[" + hazelcast.getName() + ", topic=" + topicName + "]";
    }
}
