package dev.foundation.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration was rejected: every violation found (conversion errors, unknown keys, constraint
 * violations, dependency and restart-only problems) is collected and reported at once, one per line.
 */
public class ConfigValidationException extends ConfigException {
    private static final long serialVersionUID = 1L;

    /** The violations, in key order. */
    private final transient List<Violation> violations;

    /**
     * Creates an exception.
     *
     * @param config     the configuration's name (usually its prefix)
     * @param violations at least one violation
     */
    public ConfigValidationException(String config, List<Violation> violations) {
        super(render(config, violations));
        this.violations = List.copyOf(violations);
    }

    private static String render(String config, List<Violation> violations) {
        Objects.requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        StringBuilder b = new StringBuilder("configuration '").append(config).append("' is invalid (")
                .append(violations.size()).append(violations.size() == 1 ? " violation)" : " violations)");
        for (Violation v : violations) {
            b.append("\n  ").append(v);
        }
        return b.toString();
    }

    /**
     * Every violation, in key order.
     *
     * @return the violations, never empty
     */
    public List<Violation> violations() {
        return violations;
    }
}
