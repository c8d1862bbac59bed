package dev.foundation.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.SubscriberSpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot 4's Jackson 3 ({@code tools.jackson}) and Foundation's Jackson 2 ({@code com.fasterxml.jackson})
 * in one application: different packages, both work, neither replaces the other.
 */
class JacksonCoexistenceTest {

    /** An event, encoded by both. */
    public record Order(String id, int cents) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void bootsJackson3Mapper_andFoundationsJackson2Codecs_workSideBySide() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).run()) {
            JsonMapper boot = context.getBean(JsonMapper.class);
            assertThat(boot.getClass().getName()).startsWith("tools.jackson.");
            String fromBoot = boot.writeValueAsString(new Order("o-1", 250));

            Codec<Order> foundation = Codecs.json(Order.class);
            assertThat(Codecs.defaultObjectMapper().getClass().getName()).startsWith("com.fasterxml.jackson.");
            // each reads what the other wrote
            assertThat(foundation.decode(fromBoot.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isEqualTo(new Order("o-1", 250));
            assertThat(boot.readValue(foundation.encode(new Order("o-2", 99)), Order.class))
                    .isEqualTo(new Order("o-2", 99));

            // and Foundation's event streams encode with their own Jackson 2 codec inside the Boot application
            List<Order> received = new CopyOnWriteArrayList<>();
            EventStream<Order> orders = context.getBean(EventStreams.class)
                    .create("orders", StreamSpec.of(Order.class).codec(foundation));
            orders.subscribe("audit", SubscriberSpec.of(batch -> batch.forEach(e -> received.add(e.value()))));
            orders.publish(new Order("o-3", 1)).toCompletableFuture().join();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(received).containsExactly(new Order("o-3", 1)));
        }
    }
}
