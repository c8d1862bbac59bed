package dev.foundation.audit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Opt-in auditing of what other Foundation modules do, without foundation-audit depending on them: the
 * application calls these methods from those modules' listeners (a config {@code ConfigListener}, a coordination
 * {@code LeadershipListener} or {@code LockOptions.onLost}, its workflow and cache call sites) and passes plain
 * values. Each call appends one record to the trail and returns its stage.
 *
 * <p>Configuration values whose key matches the secret pattern (default: contains {@code password},
 * {@code secret}, {@code token}, {@code credential} or {@code key}, case-insensitive) are recorded as
 * {@value #MASK}: never the value.
 *
 * <table>
 *   <caption>Records written</caption>
 *   <tr><th>method</th><th>operation</th><th>resource</th></tr>
 *   <tr><td>{@link #configChanged}</td><td>{@code config.change}</td><td>{@code config/<name>}</td></tr>
 *   <tr><td>{@link #lockAcquired}, {@link #lockReleased}, {@link #lockLost}</td><td>{@code lock.acquire},
 *       {@code lock.release}, {@code lock.lost}</td><td>{@code lock/<name>}</td></tr>
 *   <tr><td>{@link #leadershipGranted}, {@link #leadershipLost}</td><td>{@code leadership.grant},
 *       {@code leadership.loss}</td><td>{@code election/<name>}</td></tr>
 *   <tr><td>{@link #workflowStarted}, {@link #workflowCancelled}, {@link #workflowCompensated}</td>
 *       <td>{@code workflow.start}, {@code workflow.cancel}, {@code workflow.compensate}</td>
 *       <td>{@code workflow/<name>/<instance>}</td></tr>
 *   <tr><td>{@link #cacheInvalidated}</td><td>{@code cache.invalidate}</td><td>{@code cache/<name>}</td></tr>
 * </table>
 */
public final class ModuleAuditor {

    /** What a masked value is recorded as. */
    public static final String MASK = "***";
    /** The default pattern of secret configuration keys. */
    public static final Pattern DEFAULT_SECRET_KEYS = Pattern.compile("(?i).*(password|secret|token|credential|key).*");

    private static final int MAX_CHANGES = 200;

    private final AuditTrail trail;
    private final Pattern secretKeys;

    private ModuleAuditor(AuditTrail trail, Pattern secretKeys) {
        this.trail = trail;
        this.secretKeys = secretKeys;
    }

    /**
     * An auditor writing to a trail, masking keys matching {@link #DEFAULT_SECRET_KEYS}.
     *
     * @param trail the trail
     * @return the auditor
     */
    public static ModuleAuditor of(AuditTrail trail) {
        return new ModuleAuditor(Objects.requireNonNull(trail, "trail"), DEFAULT_SECRET_KEYS);
    }

    /**
     * A copy masking configuration keys matching another pattern (matched against the whole key).
     *
     * @param pattern the pattern
     * @return the copy
     */
    public ModuleAuditor maskingKeys(Pattern pattern) {
        return new ModuleAuditor(trail, Objects.requireNonNull(pattern, "pattern"));
    }

    /**
     * A configuration change: the keys whose values differ between two flattened views ({@code key -> value}),
     * as {@code changed.<key> = "<old> -> <new>"} attributes ({@code <absent>} for a missing side), secrets
     * masked; at most 200 keys, then {@code changed.more}.
     *
     * @param actor    who or what changed it (a user, {@code "file-watcher"}, ...)
     * @param config   the configuration's name
     * @param previous the old values
     * @param current  the new values
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> configChanged(String actor, String config, Map<String, String> previous,
                                                      Map<String, String> current) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Map<String, String> attrs = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>(previous.keySet());
        keys.addAll(current.keySet());
        int changed = 0;
        for (String k : keys) {
            String before = previous.get(k);
            String after = current.get(k);
            if (Objects.equals(before, after)) {
                continue;
            }
            if (++changed > MAX_CHANGES) {
                continue;
            }
            boolean secret = secretKeys.matcher(k).matches();
            attrs.put("changed." + k, show(before, secret) + " -> " + show(after, secret));
        }
        if (changed > MAX_CHANGES) {
            attrs.put("changed.more", Integer.toString(changed - MAX_CHANGES));
        }
        return trail.record(actor, "config.change", "config/" + config, Outcome.SUCCESS, attrs);
    }

    private static String show(String value, boolean secret) {
        if (value == null) {
            return "<absent>";
        }
        return secret ? MASK : value;
    }

    /**
     * A lock was acquired.
     *
     * @param member       the holder (node or instance id)
     * @param lock         the lock's name
     * @param fencingToken its fencing token
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> lockAcquired(String member, String lock, long fencingToken) {
        return trail.record(member, "lock.acquire", "lock/" + lock, Outcome.SUCCESS,
                Map.of("fencingToken", Long.toString(fencingToken)));
    }

    /**
     * A lock was released by its holder.
     *
     * @param member the holder
     * @param lock   the lock's name
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> lockReleased(String member, String lock) {
        return trail.record(member, "lock.release", "lock/" + lock, Outcome.SUCCESS, Map.of());
    }

    /**
     * A lock's lease was lost (expired, member left the cluster).
     *
     * @param member the former holder
     * @param lock   the lock's name
     * @param reason why, in words
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> lockLost(String member, String lock, String reason) {
        return trail.record(member, "lock.lost", "lock/" + lock, Outcome.FAILURE,
                Map.of("reason", Objects.requireNonNull(reason, "reason")));
    }

    /**
     * A member became leader.
     *
     * @param member   the member
     * @param election the election's name
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> leadershipGranted(String member, String election) {
        return trail.record(member, "leadership.grant", "election/" + election, Outcome.SUCCESS, Map.of());
    }

    /**
     * A member lost leadership.
     *
     * @param member   the member
     * @param election the election's name
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> leadershipLost(String member, String election) {
        return trail.record(member, "leadership.loss", "election/" + election, Outcome.SUCCESS, Map.of());
    }

    /**
     * A workflow instance was started.
     *
     * @param actor    who started it
     * @param workflow the workflow's name
     * @param instance the instance id
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> workflowStarted(String actor, String workflow, String instance) {
        return trail.record(actor, "workflow.start", "workflow/" + workflow + "/" + instance, Outcome.SUCCESS,
                Map.of());
    }

    /**
     * A workflow instance was cancelled.
     *
     * @param actor    who cancelled it
     * @param workflow the workflow's name
     * @param instance the instance id
     * @param reason   why
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> workflowCancelled(String actor, String workflow, String instance,
                                                          String reason) {
        return trail.record(actor, "workflow.cancel", "workflow/" + workflow + "/" + instance, Outcome.SUCCESS,
                Map.of("reason", Objects.requireNonNull(reason, "reason")));
    }

    /**
     * A workflow step was compensated (saga rollback).
     *
     * @param actor    the engine or node that ran the compensation
     * @param workflow the workflow's name
     * @param instance the instance id
     * @param step     the compensated step
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> workflowCompensated(String actor, String workflow, String instance,
                                                            String step) {
        return trail.record(actor, "workflow.compensate", "workflow/" + workflow + "/" + instance, Outcome.SUCCESS,
                Map.of("step", Objects.requireNonNull(step, "step")));
    }

    /**
     * Cache entries were invalidated by tag.
     *
     * @param actor who invalidated them
     * @param cache the cache's name
     * @param tags  the tags
     * @return the record's stage
     */
    public CompletionStage<AuditRecord> cacheInvalidated(String actor, String cache, Collection<String> tags) {
        return trail.record(actor, "cache.invalidate", "cache/" + cache, Outcome.SUCCESS,
                Map.of("tags", String.join(",", new TreeSet<>(Objects.requireNonNull(tags, "tags")))));
    }
}
