package dev.foundation.coordination;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of an embedded Hazelcast member started by {@link HazelcastMembers#embedded(EmbeddedMemberConfig)}.
 * Immutable; start from {@link #builder()} (production-like defaults) or {@link #forTesting()} (a unique cluster
 * on 127.0.0.1 with fast failure detection).
 *
 * <p>Defaults: bind to {@code 127.0.0.1} only, multicast off, TCP/IP join to the listed members (by default the
 * bind address's port range), heartbeats every second and a member declared dead after 5 s without one, Java
 * serialization filtered to an allow-list, no phone-home, Hazelcast logging through SLF4J.
 */
public final class EmbeddedMemberConfig {

    /** Default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "foundation";
    /** Default bind address: loopback only, so nothing is reachable from the network unless asked. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default first port. */
    public static final int DEFAULT_PORT = 5701;
    /** Default number of ports tried from the first port (auto-increment). */
    public static final int DEFAULT_PORT_COUNT = 10;
    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Default time without heartbeat before a member is declared dead. */
    public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(5);
    /** Default class-name prefixes allowed through Java deserialization (besides Hazelcast's own defaults). */
    public static final List<String> DEFAULT_JAVA_SERIALIZATION_ALLOWED = List.of("dev.foundation.");

    private final String clusterName;
    private final String instanceName;
    private final String bindAddress;
    private final int port;
    private final int portCount;
    private final List<String> members;
    private final String kubernetesServiceDns;
    private final Duration heartbeatInterval;
    private final Duration maxNoHeartbeat;
    private final int minimumClusterSize;
    private final List<String> javaSerializationAllowed;
    private final Map<String, String> properties;

    private EmbeddedMemberConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.instanceName = b.instanceName;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.portCount = b.portCount;
        this.members = b.members == null ? null : List.copyOf(b.members);
        this.kubernetesServiceDns = b.kubernetesServiceDns;
        this.heartbeatInterval = b.heartbeatInterval;
        this.maxNoHeartbeat = b.maxNoHeartbeat;
        this.minimumClusterSize = b.minimumClusterSize;
        this.javaSerializationAllowed = List.copyOf(b.javaSerializationAllowed);
        this.properties = Map.copyOf(b.properties);
    }

    /**
     * A builder with production-like defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for tests: a unique cluster name (so parallel tests never join each other), 127.0.0.1, a random
     * first port in [20000, 60000) with 10 ports, heartbeats every second and a member declared dead after 3 s.
     * Start all members of one test cluster from the same built config so they share name and ports.
     *
     * @return a new builder
     */
    public static Builder forTesting() {
        return new Builder()
                .clusterName("foundation-test-" + UUID.randomUUID())
                .port(20000 + ThreadLocalRandom.current().nextInt(4000) * 10)
                .maxNoHeartbeat(Duration.ofSeconds(3))
                .property("hazelcast.partition.count", "71");
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clusterName = clusterName;
        b.instanceName = instanceName;
        b.bindAddress = bindAddress;
        b.port = port;
        b.portCount = portCount;
        b.members = members;
        b.kubernetesServiceDns = kubernetesServiceDns;
        b.heartbeatInterval = heartbeatInterval;
        b.maxNoHeartbeat = maxNoHeartbeat;
        b.minimumClusterSize = minimumClusterSize;
        b.javaSerializationAllowed = javaSerializationAllowed;
        b.properties = new LinkedHashMap<>(properties);
        return b;
    }

    /**
     * The cluster name; only members with the same name join each other.
     *
     * @return the cluster name
     */
    public String clusterName() {
        return clusterName;
    }

    /**
     * The Hazelcast instance name, if set.
     *
     * @return the instance name or empty for a generated one
     */
    public Optional<String> instanceName() {
        return Optional.ofNullable(instanceName);
    }

    /**
     * The address the member binds to and advertises.
     *
     * @return the bind address
     */
    public String bindAddress() {
        return bindAddress;
    }

    /**
     * The first port tried.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * How many ports from {@link #port()} are tried (auto-increment), and scanned for members when
     * {@link #members()} is not set.
     *
     * @return the port count
     */
    public int portCount() {
        return portCount;
    }

    /**
     * The members to join over TCP/IP ({@code host} or {@code host:port}); by default every port of the
     * range on the bind address. Ignored when {@link #kubernetesServiceDns()} is set.
     *
     * <p>List the members' exact {@code host:port} addresses where you can. Hazelcast's joiner tries every listed
     * address (and, for a bare {@code host}, three ports of it), also when a member that was cut off or paused
     * searches for the majority to merge back into; each address nobody listens on slows that search. In the
     * partition test, a cut-off member merged back 2-7 s after the link returned with exact addresses, and 26 s and
     * 56 s with bare hosts.
     *
     * @return the member addresses
     */
    public List<String> members() {
        if (members != null) {
            return members;
        }
        return java.util.stream.IntStream.range(0, portCount).mapToObj(i -> bindAddress + ":" + (port + i)).toList();
    }

    /**
     * The Kubernetes headless service DNS name to discover members through, if set.
     *
     * @return the service DNS name or empty
     */
    public Optional<String> kubernetesServiceDns() {
        return Optional.ofNullable(kubernetesServiceDns);
    }

    /**
     * How often members send heartbeats.
     *
     * @return the heartbeat interval
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How long without a heartbeat before a member is declared dead.
     *
     * @return the failure-detection time
     */
    public Duration maxNoHeartbeat() {
        return maxNoHeartbeat;
    }

    /**
     * The split-brain protection minimum cluster size for the coordination maps (1: none).
     *
     * @return the minimum cluster size
     */
    public int minimumClusterSize() {
        return minimumClusterSize;
    }

    /**
     * Class-name prefixes Java deserialization accepts besides Hazelcast's own defaults; every other class is
     * refused (filtering is always on).
     *
     * @return the allowed prefixes
     */
    public List<String> javaSerializationAllowed() {
        return javaSerializationAllowed;
    }

    /**
     * Extra Hazelcast properties, applied last.
     *
     * @return the properties
     */
    public Map<String, String> properties() {
        return properties;
    }

    /** Builds an {@link EmbeddedMemberConfig}; each setter validates its argument. */
    public static final class Builder {

        private String clusterName = DEFAULT_CLUSTER_NAME;
        private String instanceName;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private int portCount = DEFAULT_PORT_COUNT;
        private List<String> members;
        private String kubernetesServiceDns;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration maxNoHeartbeat = DEFAULT_MAX_NO_HEARTBEAT;
        private int minimumClusterSize = 1;
        private List<String> javaSerializationAllowed = DEFAULT_JAVA_SERIALIZATION_ALLOWED;
        private Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the cluster name.
         *
         * @param name not blank
         * @return this builder
         */
        public Builder clusterName(String name) {
            this.clusterName = notBlank(name, "clusterName");
            return this;
        }

        /**
         * Sets the Hazelcast instance name.
         *
         * @param name not blank
         * @return this builder
         */
        public Builder instanceName(String name) {
            this.instanceName = notBlank(name, "instanceName");
            return this;
        }

        /**
         * Sets the bind address, e.g. a pod IP or {@code 0.0.0.0}-free interface address.
         *
         * @param address not blank
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = notBlank(address, "bindAddress");
            return this;
        }

        /**
         * Sets the first port.
         *
         * @param port in [1, 65535]
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in [1, 65535] but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how many ports are tried from the first port.
         *
         * @param count in [1, 1000]
         * @return this builder
         */
        public Builder portCount(int count) {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("portCount must be in [1, 1000] but was " + count);
            }
            this.portCount = count;
            return this;
        }

        /**
         * Sets the members to join ({@code host} or {@code host:port}; exact {@code host:port} addresses make a
         * merge after a split brain much faster, see {@link EmbeddedMemberConfig#members()}).
         *
         * @param addresses at least one
         * @return this builder
         */
        public Builder members(List<String> addresses) {
            Objects.requireNonNull(addresses, "addresses");
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("members must not be empty but was " + addresses);
            }
            addresses.forEach(a -> notBlank(a, "member address"));
            this.members = List.copyOf(addresses);
            return this;
        }

        /**
         * Discovers members through a Kubernetes headless service's DNS name instead of a member list.
         *
         * @param serviceDns e.g. {@code my-app-hz.my-namespace.svc.cluster.local}
         * @return this builder
         */
        public Builder kubernetesServiceDns(String serviceDns) {
            this.kubernetesServiceDns = notBlank(serviceDns, "kubernetesServiceDns");
            return this;
        }

        /**
         * Sets the heartbeat interval (whole seconds, Hazelcast's unit).
         *
         * @param interval at least 1 s
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.getSeconds() < 1) {
                throw new IllegalArgumentException("heartbeatInterval must be >= 1s but was " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /**
         * Sets the time without heartbeat before a member is declared dead (whole seconds).
         *
         * @param timeout at least 2 s
         * @return this builder
         */
        public Builder maxNoHeartbeat(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.getSeconds() < 2) {
                throw new IllegalArgumentException("maxNoHeartbeat must be >= 2s but was " + timeout);
            }
            this.maxNoHeartbeat = timeout;
            return this;
        }

        /**
         * Sets the split-brain protection minimum cluster size.
         *
         * @param size at least 1 and at most 7 (the coordination maps keep {@code size - 1} synchronous backups,
         *             see {@link HazelcastMembers#syncBackupCount(int)})
         * @return this builder
         */
        public Builder minimumClusterSize(int size) {
            HazelcastMembers.syncBackupCount(size); // validates
            this.minimumClusterSize = size;
            return this;
        }

        /**
         * Sets the class-name prefixes Java deserialization accepts besides Hazelcast's defaults.
         *
         * @param prefixes the prefixes (may be empty)
         * @return this builder
         */
        public Builder javaSerializationAllowed(List<String> prefixes) {
            Objects.requireNonNull(prefixes, "prefixes");
            prefixes.forEach(p -> notBlank(p, "prefix"));
            this.javaSerializationAllowed = List.copyOf(prefixes);
            return this;
        }

        /**
         * Sets one extra Hazelcast property, applied after Foundation's own.
         *
         * @param name  the property name
         * @param value its value
         * @return this builder
         */
        public Builder property(String name, String value) {
            properties.put(notBlank(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the config
         * @throws IllegalArgumentException if the failure-detection time is not longer than the heartbeat
         */
        public EmbeddedMemberConfig build() {
            if (maxNoHeartbeat.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("maxNoHeartbeat must be > heartbeatInterval (" + heartbeatInterval
                        + ") but was " + maxNoHeartbeat);
            }
            return new EmbeddedMemberConfig(this);
        }

        private static String notBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank but was '" + value + "'");
            }
            return value;
        }
    }
}
