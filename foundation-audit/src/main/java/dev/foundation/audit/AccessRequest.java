package dev.foundation.audit;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A question for an {@link AccessPolicy}: may this subject, holding these roles, perform this action on this
 * resource, given these attributes?
 *
 * @param subject    who asks (the actor recorded in the audit trail)
 * @param roles      the subject's roles
 * @param action     the action, such as {@code read}
 * @param resource   the resource, a {@code /}-separated path such as {@code orders/eu/42}
 * @param attributes subject, resource and environment attributes for conditions
 */
public record AccessRequest(String subject, Set<String> roles, String action, String resource,
                            Map<String, String> attributes) {

    /**
     * Checks and copies the components.
     *
     * @param subject    subject
     * @param roles      roles
     * @param action     action
     * @param resource   resource
     * @param attributes attributes
     */
    public AccessRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /**
     * A request without attributes.
     *
     * @param subject  subject
     * @param roles    roles
     * @param action   action
     * @param resource resource
     * @return the request
     */
    public static AccessRequest of(String subject, Set<String> roles, String action, String resource) {
        return new AccessRequest(subject, roles, action, resource, Map.of());
    }

    /**
     * A copy with these attributes.
     *
     * @param attributes the attributes
     * @return the copy
     */
    public AccessRequest withAttributes(Map<String, String> attributes) {
        return new AccessRequest(subject, roles, action, resource, attributes);
    }
}
