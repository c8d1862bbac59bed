package dev.foundation.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.foundation.config.ConfigHandle;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Foundation configuration records bound from Spring's Environment. */
class FoundationConfigFactoryTest {

    /** A configuration record, validated by Foundation. */
    public record ShopConfig(@NotBlank String name, @Min(1) int poolSize, List<String> regions) {
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        ConfigHandle<ShopConfig> shopConfig(FoundationConfigFactory configs) {
            return configs.builder(ShopConfig.class, "shop").build();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FoundationConfigAutoConfiguration.class))
            .withUserConfiguration(App.class);

    @Test
    void record_isBoundFromSpringProperties_kebabCaseListsAndPlaceholdersIncluded() {
        runner.withPropertyValues("shop.name=${app.title}", "app.title=corner shop", "shop.pool-size=20",
                "shop.regions[0]=eu", "shop.regions[1]=us").run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            ShopConfig config = ((ConfigHandle<ShopConfig>) context.getBean("shopConfig")).get();
            assertThat(config).isEqualTo(new ShopConfig("corner shop", 20, List.of("eu", "us")));
        });
    }

    @Test
    void springsPrecedence_decidesBetweenSources() {
        System.setProperty("shop.pool-size", "30");
        try {
            runner.withPropertyValues("shop.name=s", "shop.pool-size=20").run(context -> {
                assertThat(context).hasNotFailed();
                @SuppressWarnings("unchecked")
                ShopConfig config = ((ConfigHandle<ShopConfig>) context.getBean("shopConfig")).get();
                // the runner's test values sit above system properties in Spring's order
                assertThat(config.poolSize()).isEqualTo(20);
            });
        } finally {
            System.clearProperty("shop.pool-size");
        }
    }

    @Test
    void invalidValue_failsTheContextStart_namingTheKey() {
        runner.withPropertyValues("shop.name=s", "shop.pool-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("shop.poolSize");
        });
    }

    @Test
    void filesAddedToTheBuilder_sitBelowTheSpringValues(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("shop.yml"), "shop:\n  name: from-file\n  poolSize: 5\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FoundationConfigAutoConfiguration.class))
                // spelled as in the file: Foundation rejects one key given as poolSize and as pool-size
                .withPropertyValues("shop.poolSize=7").run(context -> {
            FoundationConfigFactory configs = context.getBean(FoundationConfigFactory.class);
            try (ConfigHandle<ShopConfig> handle = configs.builder(ShopConfig.class, "shop").file(file).build()) {
                assertThat(handle.get().name()).isEqualTo("from-file");
                assertThat(handle.get().poolSize()).isEqualTo(7);
            }
        });
    }
}
