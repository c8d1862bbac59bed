package dev.foundation.examples.spring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.foundation.examples.Example;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 application on foundation-spring-boot-starter: {@code @Cacheable} over a TieredCache, a workflow
 * definition bean run by the auto-configured engine, Foundation's health in Boot's health registry, and the
 * Foundation lifecycle stopped by the context's close.
 */
public final class SpringBootExample implements Example {

    @Override
    public String name() {
        return "spring-boot";
    }

    @Override
    public String description() {
        return "foundation-spring-boot-starter: Boot 4 application with @Cacheable over TieredCache, a workflow bean,"
                + " Foundation health in Boot's registry";
    }

    // snippet:spring-boot-app
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    public static class ShopApplication {

        @Bean
        Prices prices() {
            return new Prices();
        }

        @Bean
        WorkflowDefinition<String> ship() {
            return Workflow.define("ship", String.class).version(1)
                    .step("pick", ctx -> "picked " + ctx.input())
                    .step("label", ctx -> "labelled " + ctx.input(), s -> s.after("pick"))
                    .build();
        }
    }

    public static class Prices {
        final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("prices")
        public Integer price(String sku) {
            lookups.incrementAndGet();
            return sku.length() * 100;
        }

        public int lookups() {
            return lookups.get();
        }
    }
    // end-snippet

    @Override
    public void run(String[] args) throws Exception {
        checkArguments(args);
        Path dir = Files.createTempDirectory("foundation-spring-boot-example");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .properties("foundation.workflow.sqlite-file=" + dir.resolve("workflows.db"),
                        "spring.main.log-startup-info=false")
                .run()) {
            Prices prices = context.getBean(Prices.class);
            prices.price("sku-1");
            prices.price("sku-1");
            prices.price("sku-22");
            System.out.println("@Cacheable over TieredCache: 3 calls, " + prices.lookups() + " lookups");

            InstanceInfo shipped = context.getBean(WorkflowEngine.class).start("ship", "order-7")
                    .result(Duration.ofSeconds(30));
            System.out.println("workflow 'ship' (engine from foundation.workflow.sqlite-file): " + shipped.status());

            HealthIndicator health = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
                    .getContributor("foundation");
            System.out.println("Boot health 'foundation': " + health.health().getStatus() + " "
                    + health.health().getDetails().keySet());
        }
        System.out.println("context closed: the Foundation lifecycle stopped the engine, the event streams,"
                + " coordination and the caches");
    }
}
