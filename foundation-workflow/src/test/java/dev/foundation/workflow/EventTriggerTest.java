package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.Persistence;
import dev.foundation.events.StreamSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTriggerTest {

    record OrderPlaced(String orderId, int total) {}

    record FulfilInput(String orderId) {}

    @TempDir
    Path dir;

    private final Set<String> fulfilled = ConcurrentHashMap.newKeySet();

    private WorkflowDefinition<FulfilInput> fulfil() {
        return Workflow.define("fulfil", FulfilInput.class)
                .step("ship", ctx -> fulfilled.add(ctx.input().orderId())).build();
    }

    private EventStream<OrderPlaced> orders(EventStreams streams) {
        return streams.create("orders", StreamSpec.of(OrderPlaced.class).persistence(Persistence.disk(dir.resolve(
                "events"))));
    }

    private static EventTrigger<OrderPlaced> trigger(EventStream<OrderPlaced> orders, String name) {
        return EventTrigger.from(orders, name)
                .filter(e -> e.total() > 0)
                .start("fulfil", e -> new FulfilInput(e.orderId()))
                .idempotencyKey(ev -> "order:" + ev.value().orderId())
                .build();
    }

    private WorkflowEngine engine(EventTrigger<?>... triggers) {
        WorkflowEngine.Builder b = WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("wf.db")))
                .register(fulfil());
        for (EventTrigger<?> t : triggers) {
            b.trigger(t);
        }
        return b.build();
    }

    private static Set<String> keys(WorkflowEngine engine) {
        return engine.query(Query.all().limit(1000)).stream().map(InstanceInfo::idempotencyKey)
                .collect(Collectors.toSet());
    }

    @Test
    void durableTrigger_startsOneInstancePerMatchingEvent_acrossRestart_withoutSkipsOrDoubles() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<OrderPlaced> orders = orders(streams);
            for (int i = 0; i < 20; i++) {
                orders.publish(new OrderPlaced("o" + i, i % 5)).toCompletableFuture().join(); // every 5th is 0
            }
            try (WorkflowEngine engine = engine(trigger(orders, "fulfil-on-order"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.query(Query.status(Status.COMPLETED)
                        .limit(1000)).size() == 16);
            }
        }
        // events published while no engine runs are picked up after the restart, none twice
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<OrderPlaced> orders = orders(streams);
            for (int i = 20; i < 30; i++) {
                orders.publish(new OrderPlaced("o" + i, 1)).toCompletableFuture().join();
            }
            try (WorkflowEngine engine = engine(trigger(orders, "fulfil-on-order"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.query(Query.status(Status.COMPLETED)
                        .limit(1000)).size() == 26);
                assertThat(keys(engine)).hasSize(26).contains("order:o1", "order:o29").doesNotContain("order:o0");
            }
        }
        // a redelivery of every event (a second subscription reading from the start) doubles nothing
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<OrderPlaced> orders = orders(streams);
            try (WorkflowEngine engine = engine(trigger(orders, "fulfil-on-order"), trigger(orders, "replay"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> streams.find("orders", OrderPlaced.class)
                        .isPresent());
                EventStream<OrderPlaced> o = streams.find("orders", OrderPlaced.class).orElseThrow();
                o.publish(new OrderPlaced("o30", 1)).toCompletableFuture().join();
                await().atMost(Duration.ofSeconds(20)).until(() -> keys(engine).contains("order:o30")
                        && engine.query(Query.status(Status.COMPLETED).limit(1000)).size() == 27);
                assertThat(engine.query(Query.all().limit(1000))).hasSize(27);
            }
        }
        assertThat(fulfilled).hasSize(27);
    }

    @Test
    void trigger_forUnregisteredWorkflow_isRejectedAtBuild() {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<OrderPlaced> orders = streams.create("mem", StreamSpec.of(OrderPlaced.class));
            EventTrigger<OrderPlaced> t = EventTrigger.from(orders, "t").start("nope", e -> e).build();
            assertThatThrownBy(() -> WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("x.db")))
                    .register(fulfil()).trigger(t).build()).isInstanceOf(UnknownWorkflowException.class)
                    .hasMessageContaining("event trigger 't' starts workflow 'nope'");
            assertThatThrownBy(() -> EventTrigger.from(orders, "t").build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs start(workflow, mapping)");
        }
    }
}
