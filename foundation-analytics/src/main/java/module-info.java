/**
 * Foundation Analytics: metric pipelines over Micrometer meters (windows, aggregates, smoothing), anomaly
 * detectors, alert rules, resource budgets and scaling policies. See {@link dev.foundation.analytics}.
 */
// MeterRegistry is in the builder API and Micrometer ships no module-info (it is an automatic module).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.analytics {
    requires transitive micrometer.core;
    requires org.slf4j;
    requires java.management;
    requires jdk.management;

    exports dev.foundation.analytics;
}
