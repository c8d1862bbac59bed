package dev.foundation.audit;

import dev.foundation.audit.internal.Glob;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission of an {@link AccessPolicy}: an action pattern, a resource pattern and an optional attribute
 * condition. Patterns are globs over {@code /}-separated paths: {@code *} matches within one segment,
 * {@code **} across segments, {@code ?} one character; {@code "*"} as action matches any action.
 *
 * <pre>{@code
 * Rule.on("read", "orders/**")
 * Rule.on("write", "orders/*").when(Condition.attributesMatch("subject.region", "resource.region"))
 * }</pre>
 */
public final class Rule {

    private final String actionPattern;
    private final String resourcePattern;
    private final Pattern action;
    private final Pattern resource;
    private final Condition condition;
    private final boolean conditional;

    private Rule(String actionPattern, String resourcePattern, Condition condition, boolean conditional) {
        this.actionPattern = actionPattern;
        this.resourcePattern = resourcePattern;
        this.action = Glob.compile(actionPattern, "actionPattern");
        this.resource = Glob.compile(resourcePattern, "resourcePattern");
        this.condition = condition;
        this.conditional = conditional;
    }

    /**
     * A rule on actions and resources matching the patterns.
     *
     * @param actionPattern   the action glob, not empty
     * @param resourcePattern the resource glob, not empty
     * @return the rule
     * @throws IllegalArgumentException if a pattern is empty
     */
    public static Rule on(String actionPattern, String resourcePattern) {
        return new Rule(Objects.requireNonNull(actionPattern, "actionPattern"),
                Objects.requireNonNull(resourcePattern, "resourcePattern"), Condition.always(), false);
    }

    /**
     * A copy that also requires a condition.
     *
     * @param condition the condition
     * @return the copy
     */
    public Rule when(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new Rule(actionPattern, resourcePattern, conditional ? this.condition.and(condition) : condition, true);
    }

    /**
     * Whether the rule matches a request.
     *
     * @param request the request
     * @return {@code true} if action, resource and condition match
     */
    public boolean matches(AccessRequest request) {
        return action.matcher(request.action()).matches() && resource.matcher(request.resource()).matches()
                && condition.test(request);
    }

    @Override
    public String toString() {
        return actionPattern + " on " + resourcePattern + (conditional ? " when <condition>" : "");
    }
}
