package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the policy evaluator over random policies and requests. */
class AccessPolicyProperties {

    private static final List<String> ROLES = List.of("r1", "r2", "r3", "r4");
    private static final List<String> ACTIONS = List.of("read", "write", "delete");

    /** A random rule: action and resource patterns, maybe a condition. */
    record RuleSpec(String action, String resource, String region) {
        Rule rule() {
            Rule r = Rule.on(action, resource);
            return region == null ? r : r.when(Condition.attributeEquals("region", region));
        }
    }

    /** A random request. */
    record Req(Set<String> roles, String action, String resource, String region) {
        AccessRequest request() {
            return new AccessRequest("s", roles, action, resource, region == null ? Map.of() : Map.of("region", region));
        }
    }

    @Provide
    Arbitrary<RuleSpec> rules() {
        return Combinators.combine(Arbitraries.of("read", "write", "delete", "*", "wr*"),
                Arbitraries.of("a/*", "a/**", "a/b", "**", "*/c", "a/?"), Arbitraries.of("eu", "us").injectNull(0.5))
                .as(RuleSpec::new);
    }

    @Provide
    Arbitrary<Req> requests() {
        return Combinators.combine(Arbitraries.of(ROLES).set().ofMaxSize(4), Arbitraries.of(ACTIONS),
                Arbitraries.of("a/b", "a/c", "a/b/c", "x/c", "a/bb", "b"), Arbitraries.of("eu", "us").injectNull(0.3))
                .as(Req::new);
    }

    @Provide
    Arbitrary<List<RuleSpec>> denyLists() {
        return rules().list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<List<RuleSpec>>> grants() {
        return rules().list().ofMaxSize(3).list().ofSize(ROLES.size());
    }

    private static AccessPolicy policy(List<List<RuleSpec>> grants, List<RuleSpec> denies) {
        AccessPolicy.Builder b = AccessPolicy.builder();
        for (int i = 0; i < ROLES.size(); i++) {
            b.role(ROLES.get(i), grants.get(i).stream().map(RuleSpec::rule).toArray(Rule[]::new));
        }
        denies.forEach(d -> b.deny(d.rule()));
        return b.build();
    }

    @Property
    void denyByDefault_aPolicyWithoutGrantsAllowsNothing(@ForAll("requests") Req req,
                                                         @ForAll("denyLists") List<RuleSpec> denies) {
        AccessPolicy.Builder b = AccessPolicy.builder();
        denies.forEach(d -> b.deny(d.rule()));
        assertThat(b.build().evaluate(req.request()).allowed()).isFalse();
    }

    @Property
    void allowed_onlyIfSomeRoleRuleMatches_andNoDenyMatches(@ForAll("grants") List<List<RuleSpec>> grants,
                                                            @ForAll("denyLists") List<RuleSpec> denies,
                                                            @ForAll("requests") Req req) {
        AccessRequest r = req.request();
        boolean granted = false;
        for (int i = 0; i < ROLES.size(); i++) {
            if (req.roles().contains(ROLES.get(i))) {
                granted |= grants.get(i).stream().anyMatch(s -> s.rule().matches(r));
            }
        }
        boolean denied = denies.stream().anyMatch(s -> s.rule().matches(r));
        assertThat(policy(grants, denies).evaluate(r).allowed()).isEqualTo(granted && !denied);
    }

    @Property
    void addingADenyRule_neverGrants(@ForAll("grants") List<List<RuleSpec>> grants,
                                     @ForAll("denyLists") List<RuleSpec> denies, @ForAll("rules") RuleSpec extra,
                                     @ForAll("requests") Req req) {
        boolean before = policy(grants, denies).evaluate(req.request()).allowed();
        List<RuleSpec> more = new java.util.ArrayList<>(denies);
        more.add(extra);
        boolean after = policy(grants, more).evaluate(req.request()).allowed();
        assertThat(!before && after).as("a deny rule turned a deny into an allow").isFalse();
    }

    @Property
    void addingARoleToARequest_neverRevokes(@ForAll("grants") List<List<RuleSpec>> grants,
                                            @ForAll("denyLists") List<RuleSpec> denies, @ForAll("requests") Req req,
                                            @ForAll("roleNames") String extraRole) {
        AccessPolicy p = policy(grants, denies);
        boolean before = p.evaluate(req.request()).allowed();
        Set<String> more = new HashSet<>(req.roles());
        more.add(extraRole);
        boolean after = p.evaluate(new Req(more, req.action(), req.resource(), req.region()).request()).allowed();
        assertThat(before && !after).as("a role union revoked an allow").isFalse();
    }

    @Provide
    Arbitrary<String> roleNames() {
        return Arbitraries.of(ROLES);
    }
}
