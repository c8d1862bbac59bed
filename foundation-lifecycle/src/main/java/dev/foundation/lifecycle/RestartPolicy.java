package dev.foundation.lifecycle;

/**
 * When the supervisor restarts a component, with Erlang/OTP's meaning.
 * A crash is an abnormal termination: {@link ComponentContext#crashed(Throwable)}, or health staying
 * {@link HealthStatus#UNHEALTHY} past its failure threshold. A normal exit is
 * {@link ComponentContext#exited()}.
 */
public enum RestartPolicy {
    /** Always restarted, after a crash and after a normal exit. */
    PERMANENT,
    /** Restarted only after a crash; a normal exit leaves it {@link Stage#STOPPED}. */
    TRANSIENT,
    /**
     * Never restarted: a crash leaves it {@link Stage#FAILED}. Health staying unhealthy is reported but
     * does not stop it.
     */
    TEMPORARY
}
