package dev.foundation.coordination;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.foundation.coordination.internal.hazelcast.LeaseMergePolicy;
import dev.foundation.coordination.internal.hazelcast.RecentlyHeardFunction;

import java.util.Objects;

/**
 * Starts embedded Hazelcast members with safe defaults (see {@link EmbeddedMemberConfig}) and prepares existing
 * Hazelcast configurations for {@link Coordination#hazelcast}.
 */
public final class HazelcastMembers {

    /** Name pattern of the maps Foundation coordination uses. */
    public static final String MAP_PATTERN = "foundation.coordination.*";
    /** Name of the split-brain protection rule Foundation coordination installs. */
    public static final String SPLIT_BRAIN_PROTECTION_NAME = "foundation-coordination";
    /** The most synchronous backups Hazelcast keeps of a map entry (backups and asynchronous backups together). */
    public static final int MAX_BACKUP_COUNT = 6;

    private HazelcastMembers() {
    }

    /**
     * Starts an embedded member.
     *
     * @param settings the member settings
     * @return the running member; shut it down when done
     */
    public static HazelcastInstance embedded(EmbeddedMemberConfig settings) {
        return Hazelcast.newHazelcastInstance(config(settings));
    }

    /**
     * The Hazelcast configuration {@link #embedded} would use, for callers that add their own maps or caches
     * before starting the member with {@code Hazelcast.newHazelcastInstance(config)}.
     *
     * @param settings the member settings
     * @return a new Hazelcast configuration
     */
    public static Config config(EmbeddedMemberConfig settings) {
        Objects.requireNonNull(settings, "settings");
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        settings.instanceName().ifPresent(config::setInstanceName);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(settings.portCount());
        network.setPublicAddress(null);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetesServiceDns().isPresent()) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", settings.kubernetesServiceDns().get());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }

        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false);
        ClassFilter allowed = new ClassFilter();
        settings.javaSerializationAllowed().forEach(allowed::addPrefixes);
        filter.setWhitelist(allowed);
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);

        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds",
                Long.toString(settings.heartbeatInterval().getSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(settings.maxNoHeartbeat().getSeconds()));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        settings.properties().forEach(config::setProperty);

        configure(config, settings.minimumClusterSize());
        return config;
    }

    /**
     * Adds what Foundation coordination needs to an existing Hazelcast configuration, before the member starts
     * (set the heartbeat properties first: the protection's tolerance is derived from them): the coordination
     * maps with {@link #syncBackupCount(int) max(1, minimumClusterSize - 1)} synchronous backups and no asynchronous
     * one, so an acknowledged update has a copy on every majority; the member-wide property
     * {@code hazelcast.operation.fail.on.indeterminate.state = true}
     * ({@link ClusterProperty#FAIL_ON_INDETERMINATE_OPERATION_STATE}), so an update whose backups did not
     * acknowledge it within {@code hazelcast.operation.backup.timeout.millis} fails
     * ({@link IndeterminateUpdateException}) instead of being acknowledged and possibly lost (this applies to every
     * map and other partitioned structure on the member: their mutating calls then throw Hazelcast's
     * {@code IndeterminateOperationStateException} in that case, rather than succeed silently; a value the
     * configuration already sets is kept, and with {@code false} {@link Coordination#counter} refuses on that
     * member); a merge policy
     * under which lease records converge to the highest token after a split brain heals, and, when
     * {@code minimumClusterSize > 1}, a split-brain
     * protection rule on them under which a member counts only the members it heard a heartbeat from within half of
     * {@code hazelcast.max.no.heartbeat.seconds} (at least two heartbeat intervals), and a member heard again after
     * a longer silence only once it has been heard for that long again (probation); so a smaller or cut-off cluster
     * refuses grants, renewals, reads and writes ({@link ClusterBelowMinimumSizeException}) well before the others
     * can declare it dead. Pass the same size as {@link CoordinationConfig#minimumClusterSize()}. Start one member
     * per {@code Config} object: the rule keeps what its member heard.
     *
     * @param config             the configuration to extend
     * @param minimumClusterSize at least 1 and at most {@code MAX_BACKUP_COUNT + 1} (7)
     * @return the same configuration
     * @throws IllegalArgumentException if {@code minimumClusterSize} is out of that range
     */
    public static Config configure(Config config, int minimumClusterSize) {
        return configureMaps(config, minimumClusterSize);
    }

    /**
     * How recent a member's last heartbeat must be for it to count towards the minimum cluster size: half of the
     * time after which the cluster declares a silent member dead (at least two heartbeat intervals). So a member
     * cut off from the others refuses grants, and ends its leases, about half of that time before they can declare
     * it dead and free what it held. Also the probation of a member heard again after a longer silence.
     *
     * @param config the member configuration (its heartbeat properties, or Hazelcast's defaults of 5 s and 60 s)
     * @return the tolerance in milliseconds
     */
    static int heartbeatToleranceMillis(Config config) {
        long heartbeat = seconds(config, "hazelcast.heartbeat.interval.seconds", 5);
        long maxNoHeartbeat = seconds(config, "hazelcast.max.no.heartbeat.seconds", 60);
        long toleranceMillis = Math.max(2000 * heartbeat, maxNoHeartbeat * 1000 / 2);
        return (int) Math.min(Integer.MAX_VALUE, toleranceMillis);
    }

    private static long seconds(Config config, String property, long fallback) {
        String value = config.getProperty(property);
        try {
            return value == null ? fallback : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * How many synchronous backups the coordination maps need for an acknowledged update to survive on any side of
     * a partition that keeps {@code minimumClusterSize} members: {@code minimumClusterSize - 1} (so the primary and
     * its backups are {@code minimumClusterSize} members, and any majority of a cluster of up to
     * {@code 2 x minimumClusterSize - 1} members holds one of them), and at least 1 so a single crash loses
     * nothing.
     *
     * @param minimumClusterSize in [1, {@code MAX_BACKUP_COUNT + 1}]
     * @return the synchronous backup count
     * @throws IllegalArgumentException if {@code minimumClusterSize} is out of that range
     */
    public static int syncBackupCount(int minimumClusterSize) {
        if (minimumClusterSize < 1) {
            throw new IllegalArgumentException("minimumClusterSize must be >= 1 but was " + minimumClusterSize);
        }
        if (minimumClusterSize > MAX_BACKUP_COUNT + 1) {
            throw new IllegalArgumentException("minimumClusterSize must be <= " + (MAX_BACKUP_COUNT + 1)
                    + " but was " + minimumClusterSize + ": Hazelcast keeps at most " + MAX_BACKUP_COUNT
                    + " synchronous backups, and the coordination maps need minimumClusterSize - 1 of them");
        }
        return Math.max(1, minimumClusterSize - 1);
    }

    private static Config configureMaps(Config config, int minimumClusterSize) {
        Objects.requireNonNull(config, "config");
        int backups = syncBackupCount(minimumClusterSize);
        String failOnIndeterminate = ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName();
        if (config.getProperty(failOnIndeterminate) == null) {
            config.setProperty(failOnIndeterminate, "true"); // an explicit choice of the caller's is kept
        }
        MapConfig maps = new MapConfig(MAP_PATTERN).setBackupCount(backups).setAsyncBackupCount(0);
        maps.getMergePolicyConfig().setPolicy(LeaseMergePolicy.class.getName());
        if (minimumClusterSize > 1) {
            int tolerance = heartbeatToleranceMillis(config);
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION_NAME, true,
                    minimumClusterSize)
                    .setFunctionImplementation(new RecentlyHeardFunction(minimumClusterSize, tolerance, tolerance))
                    .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
            maps.setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION_NAME);
        }
        config.addMapConfig(maps);
        return config;
    }
}
