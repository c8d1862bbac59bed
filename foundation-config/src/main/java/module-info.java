/**
 * Foundation Config: typed configuration records validated with Jakarta Validation, layered sources, and
 * all-or-nothing hot reload with history and rollback. See {@link dev.foundation.config}.
 *
 * <p>Applications must open the packages of their configuration records to this module and to
 * {@code org.hibernate.validator}, which read them reflectively.
 */
// MeterRegistry is in the builder API and Micrometer ships no module-info (it is an automatic module).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.config {
    requires transitive jakarta.validation;
    requires transitive micrometer.core;
    requires org.hibernate.validator;
    // Hibernate Validator interpolates messages with Jakarta EL, which it only "requires static": without these two,
    // an application on the module path fails with HV000183 unless it adds --add-modules jakarta.el,org.glassfish.expressly
    requires jakarta.el;
    requires org.glassfish.expressly;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.yaml.snakeyaml;
    requires org.slf4j;
    requires java.logging;

    exports dev.foundation.config;
}
