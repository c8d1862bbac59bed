/**
 * Foundation lifecycle: managed components with dependencies, ordered parallel start, budgeted reverse
 * shutdown, health checks, OTP-style supervision and HTTP probes. See {@link dev.foundation.lifecycle}.
 */
// Micrometer ships no module-info (automatic module); MeterRegistry is in the builder API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.lifecycle {
    requires transitive dev.foundation.core; // Backoff, in Supervision's API (core's Jackson stays optional)
    requires org.slf4j;
    requires transitive micrometer.core;
    requires jdk.httpserver;
    // sun.misc.Signal, used reflectively (and only when asked) to turn SIGTERM into a graceful exit 0.
    requires jdk.unsupported;

    exports dev.foundation.lifecycle;
}
