package dev.foundation.workflow.spi;

import java.util.Optional;

/**
 * How the nodes of a cluster tell each other that something changed, so that they need not wait for their next
 * poll: instances to claim appeared (created unowned, released by a node that stopped), or a node is gone.
 * Given to {@link dev.foundation.workflow.ClusterOptions.Builder#signals(ClusterSignals)}; optional, since every
 * node also polls its {@link LeasedStore} and leases run out on their own. The Hazelcast implementation lives in
 * {@code foundation-workflow-postgres} ({@code HazelcastClusterSignals}).
 *
 * <p>Signals are hints: an implementation may drop one (a network hiccup) and must never throw from
 * {@link #announce(String)}; the store stays the only source of truth.
 */
public interface ClusterSignals {

    /** What a node hears from the others. Called on the implementation's threads; must return quickly. */
    interface Listener {

        /** Another node announced instances to claim. */
        void wakeUp();

        /**
         * A node left the cluster (as far as the signalling layer can tell; it may merely be cut off).
         *
         * @param nodeId the id of the node that left
         */
        void nodeGone(String nodeId);
    }

    /**
     * The node id this signalling layer knows the local node by (for example its Hazelcast member UUID), so that
     * a {@link Listener#nodeGone(String)} names the node whose leases to end. Used as the default node id.
     *
     * @return the id, or empty if the layer has none
     */
    default Optional<String> localNodeId() {
        return Optional.empty();
    }

    /**
     * Tells the other nodes there may be instances to claim. Never throws; best effort.
     *
     * @param fromNode the announcing node's id (a node ignores its own announcements)
     */
    void announce(String fromNode);

    /**
     * Starts delivering signals to a listener.
     *
     * @param localNode the listening node's id (its own announcements are not delivered to it)
     * @param listener  the listener
     * @return closing it stops the delivery (idempotent, never throws)
     */
    Subscription subscribe(String localNode, Listener listener);

    /** A registration made by {@link #subscribe(String, Listener)}. */
    interface Subscription extends AutoCloseable {

        /** Stops delivering signals. Idempotent; never throws. */
        @Override
        void close();
    }
}
