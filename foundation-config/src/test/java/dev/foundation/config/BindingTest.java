package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.config.Fixtures.AppConfig;
import dev.foundation.config.Fixtures.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindingTest {

    @TempDir
    Path dir;

    @Test
    void build_bindsEveryTypeAndAppliesDefaults_fromYaml() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML + "  homepage: https://x.dev\n"
                + "  cacheTtl: 1500ms\n  level: warn\n  dataDir: /var/data\n");
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            AppConfig c = h.get();
            assertThat(c.databaseUrl()).isEqualTo("postgres://db/main");
            assertThat(c.poolSize()).isEqualTo(20);
            assertThat(c.minIdle()).isEqualTo(2);
            assertThat(c.cacheEnabled()).isTrue();
            assertThat(c.cacheTtl()).isEqualTo(Duration.ofMillis(1500));
            assertThat(c.apiKey().reveal()).isEqualTo("s3cr3t");
            assertThat(c.endpoints()).containsExactly(
                    new Fixtures.Endpoint("billing", URI.create("http://billing"), Duration.ofSeconds(5)));
            assertThat(c.tags()).isEqualTo(Set.of("a", "b"));
            assertThat(c.limits()).isEqualTo(Map.of("orders", 5));
            assertThat(c.homepage()).contains(URI.create("https://x.dev"));
            assertThat(c.dataDir()).isEqualTo(Path.of("/var/data"));
            assertThat(c.level()).isEqualTo(Level.WARN);
            assertThat(c.server()).isEqualTo(new Fixtures.Server(8080, "localhost"));
            assertThat(h.snapshot().version()).isEqualTo(1);
            assertThat(h.snapshot().cause()).isEqualTo(ChangeCause.INITIAL);
        }
    }

    @Test
    void durations_acceptIsoAndUnitForms() throws Exception {
        assertThat(bindTtl("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(bindTtl("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(bindTtl("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(bindTtl("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(bindTtl("1h")).isEqualTo(Duration.ofHours(1));
    }

    private Duration bindTtl(String ttl) {
        Path file = Fixtures.write(dir.resolve("ttl.yml"), Fixtures.VALID_YAML + "  cacheTtl: " + ttl + "\n");
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            return h.get().cacheTtl();
        }
    }

    @Test
    void origins_rememberFileAndLine_andDefaults() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            Snapshot<AppConfig> s = h.snapshot();
            assertThat(s.origins().get("app.poolSize")).hasToString("app.yml:4");
            assertThat(s.origins().get("app.endpoints[0].url")).hasToString("app.yml:7");
            assertThat(s.origins().get("app.minIdle")).isEqualTo(Origin.DEFAULT);
            assertThat(s.values()).containsEntry("app.apiKey", Secret.MASK).containsEntry("app.cacheTtl", "30s");
        }
    }

    @Test
    void jsonAndPropertiesFiles_bindLikeYaml() {
        Path json = Fixtures.write(dir.resolve("app.json"), "{\"app\": {\"databaseUrl\": \"postgres://j\", "
                + "\"poolSize\": 7, \"endpoints\": [{\"name\": \"a\", \"url\": \"http://a\"}], \"tags\": [\"x\"]}}");
        Path props = Fixtures.write(dir.resolve("app.properties"), String.join("\n",
                "# comment",
                "app.minIdle = 3",
                "app.endpoints[0].timeout=2s",
                "app.limits.orders: 9",
                "app.apiKey=k\\",
                "  ey",
                ""));
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(json).file(props)
                .build()) {
            AppConfig c = h.get();
            assertThat(c.databaseUrl()).isEqualTo("postgres://j");
            assertThat(c.poolSize()).isEqualTo(7);
            assertThat(c.minIdle()).isEqualTo(3);
            assertThat(c.endpoints().get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.endpoints().get(0).name()).isEqualTo("a");
            assertThat(c.limits()).isEqualTo(Map.of("orders", 9));
            assertThat(c.apiKey().reveal()).isEqualTo("key");
            assertThat(h.snapshot().origins().get("app.minIdle")).hasToString("app.properties:2");
            assertThat(h.snapshot().origins().get("app.endpoints[0].timeout")).hasToString("app.properties:3");
        }
    }

    @Test
    void precedence_isDefaultsThenFilesThenEnvThenSysPropsThenOverrides() {
        Path base = Fixtures.write(dir.resolve("base.yml"), Fixtures.VALID_YAML);
        Path local = Fixtures.write(dir.resolve("local.yml"), "app:\n  poolSize: 30\n  minIdle: 4\n");
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app")
                .file(base).file(local)
                .environment(Map.of("APP_POOL_SIZE", "40", "APP_MIN_IDLE", "5", "APP_CACHE_TTL", "2m",
                        "APP_ENDPOINTS_0_NAME", "from-env", "APP_TAGS", "x, y", "APP_LIMITS_BIG_ORDERS", "7",
                        "OTHER_VAR", "ignored"))
                .systemProperties(Map.of("app.poolSize", "50", "app.minIdle", "6", "java.version", "ignored"))
                .override("app.poolSize", 60)
                .build()) {
            AppConfig c = h.get();
            Snapshot<AppConfig> s = h.snapshot();
            assertThat(c.poolSize()).isEqualTo(60);
            assertThat(s.origins().get("app.poolSize")).isEqualTo(Origin.override("app.poolSize"));
            assertThat(c.minIdle()).isEqualTo(6);
            assertThat(s.origins().get("app.minIdle")).isEqualTo(Origin.systemProperty("app.minIdle"));
            assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(2));
            assertThat(s.origins().get("app.cacheTtl")).isEqualTo(Origin.environment("APP_CACHE_TTL"));
            assertThat(c.endpoints().get(0).name()).isEqualTo("from-env");
            assertThat(c.endpoints().get(0).url()).isEqualTo(URI.create("http://billing"));
            assertThat(c.tags()).containsExactly("x", "y");
            assertThat(c.limits()).containsEntry("orders", 5).containsEntry("big_orders", 7);
            assertThat(s.origins().get("app.databaseUrl")).hasToString("base.yml:2");
        }
    }

    @Test
    void optionalFile_missing_contributesNothing() {
        Path base = Fixtures.write(dir.resolve("base.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(base)
                .optionalFile(dir.resolve("absent.yml")).build()) {
            assertThat(h.get().poolSize()).isEqualTo(20);
            assertThat(h.get().homepage()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void secrets_areMaskedInToStringAndValues() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            assertThat(h.get().toString()).doesNotContain("s3cr3t").contains("apiKey=******");
            assertThat(h.snapshot().toString()).doesNotContain("s3cr3t");
            assertThat(h.snapshot().values().values()).noneMatch(v -> v.contains("s3cr3t"));
        }
    }

    @Test
    void listsFromFlatKeys_mustBeContiguous() {
        Path file = Fixtures.write(dir.resolve("app.properties"), String.join("\n",
                "app.databaseUrl=postgres://x",
                "app.endpoints[0].name=a",
                "app.endpoints[0].url=http://a",
                "app.endpoints[2].name=c",
                "app.endpoints[2].url=http://c", ""));
        ConfigValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
        assertThat(e.violations()).extracting(Violation::key).containsExactly("app.endpoints[1]");
        assertThat(e.getMessage()).contains("list element 1 is missing");
    }

    @Test
    void emptyTagsFromEnvironment_giveEmptySet() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file)
                .environment(Map.of("APP_TAGS", "")).build()) {
            assertThat(h.get().tags()).isEmpty();
            assertThat(h.snapshot().values()).containsEntry("app.tags", "[]");
        }
    }

    @Test
    void overrides_acceptListsAndMaps() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file)
                .override("app.tags", List.of("p", "q")).override("app.limits", Map.of("z", 1))
                .override("app.cacheTtl", Duration.ofSeconds(9)).build()) {
            assertThat(h.get().tags()).containsExactly("p", "q");
            assertThat(h.get().limits()).containsEntry("z", 1).containsEntry("orders", 5);
            assertThat(h.get().cacheTtl()).isEqualTo(Duration.ofSeconds(9));
        }
    }
}
