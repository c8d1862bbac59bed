package dev.foundation.audit;

import java.util.Objects;
import java.util.Set;

/**
 * An attribute condition of an {@link AccessPolicy} rule (ABAC): a test on an {@link AccessRequest}'s attributes
 * (of the subject, the resource or the environment: the caller decides what it passes). Must be side-effect free.
 */
@FunctionalInterface
public interface Condition {

    /**
     * Whether the condition holds for a request.
     *
     * @param request the request
     * @return {@code true} if it holds
     */
    boolean test(AccessRequest request);

    /**
     * Both conditions.
     *
     * @param other the other condition
     * @return a condition holding when both hold
     */
    default Condition and(Condition other) {
        Objects.requireNonNull(other, "other");
        return r -> test(r) && other.test(r);
    }

    /**
     * Always holds.
     *
     * @return the condition
     */
    static Condition always() {
        return r -> true;
    }

    /**
     * The attribute has exactly this value.
     *
     * @param attribute the attribute name
     * @param value     the value
     * @return the condition
     */
    static Condition attributeEquals(String attribute, String value) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        return r -> value.equals(r.attributes().get(attribute));
    }

    /**
     * The attribute has one of these values.
     *
     * @param attribute the attribute name
     * @param values    the values
     * @return the condition
     */
    static Condition attributeIn(String attribute, Set<String> values) {
        Objects.requireNonNull(attribute, "attribute");
        Set<String> copy = Set.copyOf(values);
        return r -> {
            String v = r.attributes().get(attribute);
            return v != null && copy.contains(v);
        };
    }

    /**
     * The attribute equals another attribute (such as {@code subject.department} and
     * {@code resource.department}).
     *
     * @param attribute one attribute
     * @param other     the other
     * @return the condition
     */
    static Condition attributesMatch(String attribute, String other) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(other, "other");
        return r -> {
            String v = r.attributes().get(attribute);
            return v != null && v.equals(r.attributes().get(other));
        };
    }
}
