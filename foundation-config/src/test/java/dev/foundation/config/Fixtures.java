package dev.foundation.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;

/** Configuration records and helpers shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Log levels, to test enums. */
    enum Level { DEBUG, INFO, WARN }

    /** Class-level constraint: minIdle must not exceed poolSize. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = PoolConsistentValidator.class)
    @interface PoolConsistent {
        String message() default "minIdle must not exceed poolSize";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link PoolConsistent}. */
    public static final class PoolConsistentValidator implements ConstraintValidator<PoolConsistent, AppConfig> {
        @Override
        public boolean isValid(AppConfig value, ConstraintValidatorContext context) {
            return value == null || value.minIdle() <= value.poolSize();
        }
    }

    /** A service endpoint. */
    record Endpoint(@NotBlank String name, @NotNull URI url, @Default("5s") Duration timeout) {
    }

    /** The server section; its port is read once at start. */
    record Server(@RestartRequired @Default("8080") @Min(1) @Max(65535) int port,
            @Default("localhost") @NotBlank String host) {
    }

    /** The main test configuration, covering every supported type. */
    @PoolConsistent
    @Description("Test application configuration.")
    record AppConfig(
            @NotBlank @Pattern(regexp = "^postgres://.*") @Description("JDBC-style database URL.") String databaseUrl,
            @Min(1) @Max(100) @Default("10") int poolSize,
            @Min(0) @Default("2") int minIdle,
            @Default("true") boolean cacheEnabled,
            @DependsOn("cacheEnabled") @DurationMin(seconds = 1) @Default("30s") Duration cacheTtl,
            Secret apiKey,
            List<@Valid Endpoint> endpoints,
            Set<@NotBlank String> tags,
            Map<String, @Min(0) Integer> limits,
            Optional<URI> homepage,
            @Default("/tmp") Path dataDir,
            @Default("INFO") Level level,
            @Valid Server server) {
    }

    /** A minimal valid YAML document for {@link AppConfig} under prefix {@code app}. */
    static final String VALID_YAML = String.join("\n",
            "app:",
            "  databaseUrl: postgres://db/main",
            "  apiKey: s3cr3t",
            "  poolSize: 20",
            "  endpoints:",
            "    - name: billing",
            "      url: http://billing",
            "  tags: [a, b]",
            "  limits:",
            "    orders: 5",
            "");

    static Path write(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
