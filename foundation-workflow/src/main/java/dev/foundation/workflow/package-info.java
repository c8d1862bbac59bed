/**
 * Foundation's durable workflow engine: an embedded library plus a local file, no server.
 *
 * <h2>Definitions</h2>
 * {@link dev.foundation.workflow.Workflow#define(String, Class)} builds a
 * {@link dev.foundation.workflow.WorkflowDefinition}: a name, a version and a DAG of named steps. A step runs
 * when all steps it comes after are done; independent steps run in parallel on a bounded executor. Each step
 * has a {@link dev.foundation.workflow.Retry} policy (Resilience4j interval functions: exponential backoff with
 * jitter, max attempts, a retryable predicate, {@link dev.foundation.workflow.NonRetryable} errors never
 * retried), an optional per-attempt timeout and an optional {@link dev.foundation.workflow.Compensation}.
 * A step may return a {@link dev.foundation.workflow.Branch} to choose which successors run. Outputs are
 * stored and later steps read them by name through the {@link dev.foundation.workflow.StepContext}.
 * {@code build()} rejects cycles, unknown predecessors and duplicate names, naming them.
 *
 * <h2>Durable execution</h2>
 * A {@link dev.foundation.workflow.WorkflowEngine} keeps everything in a
 * {@link dev.foundation.workflow.spi.WorkflowStore} (by default
 * {@link dev.foundation.workflow.WorkflowStores#sqlite(java.nio.file.Path)}: WAL, {@code synchronous=FULL},
 * group commit; or {@code PostgresWorkflowStores.postgres(dataSource)} from {@code foundation-workflow-postgres} for a shared
 * PostgreSQL database). The input is stored before anything runs; each attempt's start and result are checkpointed
 * with the instance state in one transaction, and a step runs only after its start is durable. After a crash
 * the engine resumes every unfinished instance: completed steps are not run again (their stored outputs are
 * reused), started-but-unfinished steps run again (at-least-once, with the stable
 * {@link dev.foundation.workflow.StepContext#idempotencyKey()}), scheduled retries keep their due time
 * (durable timers). Instances record their definition version and resume with it.
 *
 * <h2>Failure and compensation</h2>
 * When a step fails permanently (or the workflow times out, or the instance is cancelled), no new step
 * starts; once running attempts end, the compensations of completed steps run one at a time in reverse
 * completion order, each checkpointed and retried. The instance ends
 * {@link dev.foundation.workflow.Status#COMPENSATED}, {@link dev.foundation.workflow.Status#CANCELLED} or
 * {@link dev.foundation.workflow.Status#FAILED}.
 *
 * <h2>Starting, querying, triggers</h2>
 * {@code start(name, input, idempotencyKey)} returns the existing instance for a known key.
 * {@link dev.foundation.workflow.Query} pages instances by status, name, time and key; each instance has a
 * history of {@link dev.foundation.workflow.StepAttempt}s. {@link dev.foundation.workflow.EventTrigger} starts
 * instances from a {@code foundation-events} stream, {@link dev.foundation.workflow.Schedule} at a fixed rate
 * or by {@link dev.foundation.workflow.CronExpression}.
 */
package dev.foundation.workflow;
