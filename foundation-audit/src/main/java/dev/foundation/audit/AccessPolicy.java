package dev.foundation.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small RBAC/ABAC evaluator: roles grant {@link Rule}s (action and resource globs, attribute conditions), and
 * policy-wide deny rules override any grant. <b>Deny by default</b>: a request is allowed only if one of its
 * roles has a matching rule and no deny rule matches. Consequences (checked by property tests): an empty policy
 * allows nothing; adding a role to a request never turns an allow into a deny; adding a deny rule never turns a
 * deny into an allow.
 *
 * <pre>{@code
 * AccessPolicy policy = AccessPolicy.builder()
 *     .role("reader", Rule.on("read", "orders/**"))
 *     .role("clerk", Rule.on("write", "orders/*").when(Condition.attributesMatch("subject.region", "resource.region")))
 *     .deny(Rule.on("*", "orders/archive/**"))
 *     .auditTo(trail)
 *     .build();
 * Decision d = policy.evaluate(AccessRequest.of("alice", Set.of("reader"), "read", "orders/42"));
 * }</pre>
 *
 * <p>With {@link Builder#auditTo(AuditTrail)} every decision is recorded (outcome {@link Outcome#SUCCESS} when
 * allowed, {@link Outcome#DENIED} when denied, the reason and roles as attributes) without waiting for the
 * record to be durable. Immutable and thread-safe.
 */
public final class AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);

    private final Map<String, List<Rule>> roles;
    private final List<Rule> denies;
    private final AuditTrail trail;
    private final Counter allowed;
    private final Counter denied;

    private AccessPolicy(Builder b) {
        Map<String, List<Rule>> r = new LinkedHashMap<>();
        b.roles.forEach((k, v) -> r.put(k, List.copyOf(v)));
        this.roles = Map.copyOf(r);
        this.denies = List.copyOf(b.denies);
        this.trail = b.trail;
        MeterRegistry meters = AccessAnomalyDetector.registry(b.registry);
        this.allowed = Counter.builder("foundation.audit.policy.decisions")
                .tag("decision", "allow").description("access decisions").register(meters);
        this.denied = Counter.builder("foundation.audit.policy.decisions")
                .tag("decision", "deny").description("access decisions").register(meters);
    }

    /**
     * A new builder.
     *
     * @return an empty builder (whose policy denies everything)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a request, and audits the decision if the policy has a trail.
     *
     * @param request the request
     * @return the decision
     */
    public Decision evaluate(AccessRequest request) {
        Decision d = decide(request);
        (d.allowed() ? allowed : denied).increment();
        if (trail != null) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("decision", d.allowed() ? "allow" : "deny");
            attrs.put("reason", d.reason());
            attrs.put("roles", String.join(",", new TreeSet<>(request.roles())));
            try {
                trail.record(request.subject(), request.action(), request.resource(),
                        d.allowed() ? Outcome.SUCCESS : Outcome.DENIED, attrs)
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                LOG.warn("access decision for '{}' on '{}' could not be audited", request.subject(),
                                        request.resource(), e);
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warn("access decision for '{}' on '{}' could not be audited", request.subject(),
                        request.resource(), e);
            }
        }
        return d;
    }

    private Decision decide(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        for (Rule deny : denies) {
            if (deny.matches(request)) {
                return new Decision(false, "denied by rule " + deny);
            }
        }
        for (String role : new TreeSet<>(request.roles())) {
            List<Rule> rules = roles.get(role);
            if (rules == null) {
                continue;
            }
            for (Rule rule : rules) {
                if (rule.matches(request)) {
                    return new Decision(true, "allowed by role '" + role + "': " + rule);
                }
            }
        }
        return new Decision(false, "no rule allows it");
    }

    /** Builds an {@link AccessPolicy}. */
    public static final class Builder {
        private final Map<String, List<Rule>> roles = new LinkedHashMap<>();
        private final List<Rule> denies = new ArrayList<>();
        private AuditTrail trail;
        private MeterRegistry registry;

        private Builder() {
        }

        /**
         * Grants rules to a role (adds to what it already has).
         *
         * @param role  the role name, not blank
         * @param rules the rules
         * @return this builder
         */
        public Builder role(String role, Rule... rules) {
            Objects.requireNonNull(role, "role");
            if (role.isBlank()) {
                throw new IllegalArgumentException("role must not be blank but was '" + role + "'");
            }
            List<Rule> list = roles.computeIfAbsent(role, k -> new ArrayList<>());
            for (Rule r : rules) {
                list.add(Objects.requireNonNull(r, "rule"));
            }
            return this;
        }

        /**
         * Adds a deny rule: it overrides every grant.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder deny(Rule rule) {
            denies.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Records every decision in a trail (default: none).
         *
         * @param trail the trail
         * @return this builder
         */
        public Builder auditTo(AuditTrail trail) {
            this.trail = Objects.requireNonNull(trail, "trail");
            return this;
        }

        /**
         * Counts decisions as {@code foundation.audit.policy.decisions{decision=allow|deny}} (default: no metrics).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public AccessPolicy build() {
            return new AccessPolicy(this);
        }
    }
}
