package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foundation.config.Fixtures.AppConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {

    @TempDir
    Path dir;

    private ConfigValidationException invalid(String yaml) {
        Path file = Fixtures.write(dir.resolve("app.yml"), yaml);
        return assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
    }

    @Test
    void build_reportsConstraintViolation_withKeyValueSourceLineAndMessage() {
        ConfigValidationException e = invalid(String.join("\n",
                "app:",
                "  databaseUrl: postgres://db",
                "  apiKey: k",
                "  poolSize: 500",
                ""));
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0)).hasToString("app.poolSize=500 (app.yml:4): must be less than or equal to 100");
        assertThat(e.getMessage()).contains("app.poolSize=500 (app.yml:4): must be less than or equal to 100");
    }

    @Test
    void build_collectsEveryViolationAtOnce_includingCascadesAndTypeErrors() {
        ConfigValidationException e = invalid(String.join("\n",
                "app:",
                "  databaseUrl: mysql://db",
                "  poolSize: abc",
                "  minIdle: -1",
                "  endpoints:",
                "    - name: ''",
                "      url: http://x",
                "  tags: ['ok', ' ']",
                "  limits: {orders: -3}",
                "  level: LOUD",
                "  server: {port: 70000}",
                ""));
        assertThat(e.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "app.databaseUrl=mysql://db (app.yml:2): must match \"^postgres://.*\"",
                "app.poolSize=abc (app.yml:3): cannot convert to int: expected an integer (int)",
                "app.minIdle=-1 (app.yml:4): must be greater than or equal to 0",
                "app.endpoints[0].name= (app.yml:6): must not be blank",
                "app.tags=  (app.yml:8): must not be blank",
                "app.limits.orders=-3 (app.yml:9): must be greater than or equal to 0",
                "app.level=LOUD (app.yml:10): cannot convert to Level: expected one of DEBUG, INFO, WARN",
                "app.server.port=70000 (app.yml:11): must be less than or equal to 65535");
    }

    @Test
    void classLevelConstraint_isReportedOnTheRecordKey() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  minIdle: 50\n");
        assertThat(e.violations()).singleElement().hasToString("app (app.yml:2): minIdle must not exceed poolSize");
    }

    @Test
    void unknownKey_isAnError_withDidYouMean() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  poolSzie: 3\n  zzz: 1\n");
        assertThat(e.violations()).extracting(Violation::toString).containsExactly(
                "app.poolSzie (app.yml:11): unknown key; did you mean 'poolSize'?",
                "app.zzz (app.yml:12): unknown key; known keys here: databaseUrl, poolSize, minIdle, cacheEnabled, "
                        + "cacheTtl, apiKey, endpoints, tags, limits, homepage, dataDir, level, server");
    }

    @Test
    void unknownKey_inNestedRecord_isReported() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  server:\n    prot: 1\n");
        assertThat(e.violations()).singleElement()
                .hasToString("app.server.prot (app.yml:12): unknown key; did you mean 'port'?");
    }

    @Test
    void unknownEnvironmentVariable_underPrefix_isAnError_withSuggestion() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file)
                        .environment(Map.of("APP_POOL_SIZ", "3")).build());
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.origin()).isEqualTo(Origin.environment("APP_POOL_SIZ"));
            assertThat(v.message()).contains("did you mean APP_POOL_SIZE?");
        });
    }

    @Test
    void dependsOn_skipsConstraints_whenDependencyIsOff_butReportsExplicitValue() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  cacheEnabled: false\n  cacheTtl: 10ms\n");
        assertThat(e.violations()).singleElement().hasToString("app.cacheTtl=10ms (app.yml:12): is set but has no "
                + "effect: it depends on cacheEnabled=false; remove it or enable cacheEnabled");
    }

    @Test
    void dependsOn_defaultValue_whileDependencyOff_isFine() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML + "  cacheEnabled: false\n");
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            assertThat(h.get().cacheEnabled()).isFalse();
        }
    }

    @Test
    void dependsOn_validatesField_whenDependencyIsOn() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  cacheTtl: 10ms\n");
        assertThat(e.violations()).singleElement()
                .hasToString("app.cacheTtl=10ms (app.yml:11): must be longer than or equal to 1 second");
    }

    @Test
    void secretValue_isMaskedInViolations() {
        record WithSecret(@jakarta.validation.constraints.NotNull Secret token,
                @jakarta.validation.constraints.Size(max = 3) String name) {
        }
        Path file = Fixtures.write(dir.resolve("s.yml"), "s:\n  name: toolong\n  tokne: hunter2\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(WithSecret.class).prefix("s").file(file).build());
        assertThat(e.getMessage()).doesNotContain("hunter2").contains("s.token=null: must not be null").contains("s.name=toolong (s.yml:2): size must be between 0 and 3")
                .contains("s.tokne (s.yml:3): unknown key; did you mean 'token'?");
    }

    @Test
    void missingPrimitiveWithoutDefault_isRequired() {
        record Needs(int count) {
        }
        Path file = Fixtures.write(dir.resolve("n.yml"), "n:\n  other: 1\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(Needs.class).prefix("n").file(file).build());
        assertThat(e.violations()).extracting(Violation::toString).containsExactly(
                "n.count: is required: no source gives a value and there is no @Default",
                "n.other (n.yml:2): unknown key; known keys here: count");
    }

    @Test
    void wrongShape_sectionWhereValueExpected_isReported() {
        ConfigValidationException e = invalid(Fixtures.VALID_YAML + "  cacheEnabled:\n    x: 1\n");
        assertThat(e.violations()).singleElement()
                .hasToString("app.cacheEnabled (app.yml:12): expected a boolean but got a section of keys");
    }

    @Test
    void constructorRejection_isReportedAsViolation() {
        record Checked(String name) {
            Checked {
                if (name != null && name.startsWith("x")) {
                    throw new IllegalArgumentException("name must not start with x but was " + name);
                }
            }
        }
        Path file = Fixtures.write(dir.resolve("c.yml"), "c:\n  name: xy\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(Checked.class).prefix("c").file(file).build());
        assertThat(e.violations()).singleElement().hasToString(
                "c (c.yml:2): rejected by Checked's constructor: name must not start with x but was xy");
    }

    @Test
    void builder_rejectsBadArgumentsEagerly() {
        FoundationConfig.Builder<AppConfig> b = FoundationConfig.builder(AppConfig.class);
        assertThat(assertThrows(IllegalArgumentException.class, () -> b.historySize(0)))
                .hasMessage("historySize must be >= 1 but was 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> b.debounce(java.time.Duration.ofMillis(-1))))
                .hasMessage("debounce must be >= 0 but was PT-0.001S");
        assertThat(assertThrows(IllegalArgumentException.class, () -> b.file(Path.of("a.txt"))))
                .hasMessageContaining("file must end in .yml, .yaml, .json or .properties but was a.txt");
        assertThat(assertThrows(IllegalArgumentException.class, () -> b.prefix("a..b")))
                .hasMessageContaining("prefix must be dot-separated names");
        assertThat(assertThrows(IllegalStateException.class, () -> b.environment().build()))
                .hasMessageContaining("need a prefix");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> FoundationConfig.builder(String.class))).hasMessageContaining("must be a record");
        assertThat(assertThrows(NullPointerException.class, () -> b.clock(null))).hasMessage("clock");
    }

    @Test
    void unsupportedComponentType_isRejectedAtBuild() {
        record Bad(Object anything) {
        }
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> FoundationConfig.builder(Bad.class).build())).hasMessageContaining("Bad.anything: unsupported type");
    }
}
