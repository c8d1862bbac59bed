package dev.foundation.benchmarks.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading a 50-field nested configuration from a JSON file and validating it: Foundation's
 * {@code FoundationConfig.builder(...).file(f).build()} (read, parse with lines, layer, bind with origins, Hibernate
 * Validator, flatten for diffs) against the hand-written baseline {@code Files.readAllBytes} + Jackson
 * {@code readValue} + {@code Validator.validate} (goal: within 1.5x).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConfigBindBenchmark {

    /** One section: ten validated fields. */
    public record Section(@NotBlank String name, @Min(0) @Max(1000) int a, @Min(0) @Max(1000) int b,
            @Min(0) @Max(1000) int c, @Min(0) @Max(1000) int d, boolean enabled, @NotBlank String host,
            @Min(1) @Max(65535) int port, @Size(max = 10) List<String> tags, long limit) {
    }

    /** Five sections: fifty fields. */
    public record Root(@Valid Section s1, @Valid Section s2, @Valid Section s3, @Valid Section s4,
            @Valid Section s5) {
    }

    /** The file as Jackson reads it (no prefix). */
    public record Wrapper(@Valid Root bench) {
    }

    private Path dir;
    private Path file;
    private ObjectMapper mapper;
    private ValidatorFactory factory;
    private Validator validator;

    /** Writes the file and builds the baseline's mapper and validator. */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("config-bench");
        StringBuilder json = new StringBuilder("{\"bench\": {");
        for (int i = 1; i <= 5; i++) {
            json.append(i == 1 ? "" : ",").append("\"s").append(i).append("\": {\"name\": \"section").append(i)
                    .append("\", \"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"enabled\": true, \"host\": \"h").append(i)
                    .append(".internal\", \"port\": 80").append(i).append(", \"tags\": [\"x\", \"y\"], \"limit\": ")
                    .append(1000L * i).append('}');
        }
        json.append("}}");
        file = Files.writeString(dir.resolve("bench.json"), json.toString());
        mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
        // warm both paths once so that class loading is not measured
        foundation_bindValidate();
        jackson_bindValidate();
    }

    /** Deletes the file. */
    @TearDown
    public void tearDown() throws IOException {
        factory.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /**
     * Foundation: build a handle from the file (bind + validate) and close it.
     *
     * @return the bound config
     */
    @Benchmark
    public Root foundation_bindValidate() {
        try (ConfigHandle<Root> h = FoundationConfig.builder(Root.class).prefix("bench").file(file).build()) {
            return h.get();
        }
    }

    /**
     * Baseline: read the file, Jackson {@code readValue}, {@code Validator.validate}.
     *
     * @return the bound config
     * @throws IOException never in practice
     */
    @Benchmark
    public Root jackson_bindValidate() throws IOException {
        Wrapper w = mapper.readValue(Files.readAllBytes(file), Wrapper.class);
        Set<ConstraintViolation<Wrapper>> violations = validator.validate(w);
        if (!violations.isEmpty()) {
            throw new IllegalStateException(violations.toString());
        }
        return w.bench();
    }
}
