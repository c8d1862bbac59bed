package dev.foundation.config;

import dev.foundation.config.internal.DefaultConfigHandle;
import dev.foundation.config.internal.Limits;
import dev.foundation.config.internal.Settings;
import dev.foundation.config.internal.Sources;
import dev.foundation.config.internal.Trees;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Entry point: {@code FoundationConfig.builder(AppConfig.class).prefix("app").file(path).environment()
 * .systemProperties().watch(true).build()}.
 */
public final class FoundationConfig {

    /** Default number of snapshots kept in the history. */
    public static final int DEFAULT_HISTORY_SIZE = 10;
    /** Default largest file accepted: 1 MiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
    /** Default deepest nesting of sections and lists. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    /** Default largest number of YAML aliases per file. */
    public static final int DEFAULT_MAX_ALIASES = 50;
    /** Default largest number of nodes YAML aliases may expand to per file. */
    public static final long DEFAULT_MAX_ALIAS_EXPANSION = 10_000;
    /** Default delay after the last file event before reloading. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

    private static boolean prefixChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '-';
    }

    private FoundationConfig() {
    }

    /**
     * Starts describing a configuration.
     *
     * @param type the configuration record class
     * @param <T>  the record type
     * @return a builder
     * @throws IllegalArgumentException when the class is not a record
     */
    public static <T> Builder<T> builder(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException("type must be a record class but was " + type.getName());
        }
        return new Builder<>(type);
    }

    /**
     * Collects sources and options; {@link #build()} loads and validates. Sources have this precedence, lowest
     * first: {@link Default} annotations, files in the order given, environment variables, system properties,
     * overrides.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private final Class<T> type;
        private String prefix = "";
        private String name;
        private final List<Sources.FileSpec> files = new ArrayList<>();
        private Supplier<Map<String, String>> env;
        private Supplier<Map<String, String>> sys;
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private boolean watch;
        private Duration pollInterval;
        private Duration debounce = DEFAULT_DEBOUNCE;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private int maxAliases = DEFAULT_MAX_ALIASES;
        private long maxAliasExpansion = DEFAULT_MAX_ALIAS_EXPANSION;
        private MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private ValidatorFactory validatorFactory;
        private RestartRequiredPolicy restartPolicy = RestartRequiredPolicy.REJECT;

        private Builder(Class<T> type) {
            this.type = type;
        }

        /**
         * The key prefix the record is bound under, e.g. {@code "app"} or {@code "app.server"}; other top-level
         * keys in files are ignored. Default: none (the whole file is the record).
         *
         * @param prefix dot-separated names
         * @return this builder
         */
        public Builder<T> prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty()) {
                List<String> segs = Trees.segments(prefix);
                if (segs == null || !prefix.chars().allMatch(FoundationConfig::prefixChar)) {
                    throw new IllegalArgumentException("prefix must be dot-separated names like 'app.server' but was '"
                            + prefix + "'");
                }
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * The name used in messages, metric tags and thread names. Default: the prefix, or the record's simple
         * name without a prefix.
         *
         * @param name a short name
         * @return this builder
         */
        public Builder<T> name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Adds a required file ({@code .yml}/{@code .yaml}, {@code .json} or {@code .properties}); later files
         * override earlier ones key by key.
         *
         * @param file the file
         * @return this builder
         */
        public Builder<T> file(Path file) {
            files.add(Sources.FileSpec.of(Objects.requireNonNull(file, "file"), false));
            return this;
        }

        /**
         * Adds a file that may be absent (then it contributes nothing).
         *
         * @param file the file
         * @return this builder
         */
        public Builder<T> optionalFile(Path file) {
            files.add(Sources.FileSpec.of(Objects.requireNonNull(file, "file"), true));
            return this;
        }

        /**
         * Reads the process environment ({@code APP_POOL_SIZE -> app.poolSize}). Needs a prefix.
         *
         * @return this builder
         */
        public Builder<T> environment() {
            this.env = System::getenv;
            return this;
        }

        /**
         * Reads the given variables instead of the process environment (for tests and embedding).
         *
         * @param environment the variables
         * @return this builder
         */
        public Builder<T> environment(Map<String, String> environment) {
            Map<String, String> copy = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            this.env = () -> copy;
            return this;
        }

        /**
         * Reads the JVM's system properties under the prefix ({@code -Dapp.poolSize=20}), again at each reload.
         * Needs a prefix.
         *
         * @return this builder
         */
        public Builder<T> systemProperties() {
            this.sys = () -> {
                Properties p = System.getProperties();
                Map<String, String> out = new TreeMap<>();
                for (String k : p.stringPropertyNames()) {
                    out.put(k, p.getProperty(k));
                }
                return out;
            };
            return this;
        }

        /**
         * Reads the given properties instead of the JVM's system properties.
         *
         * @param properties the properties
         * @return this builder
         */
        public Builder<T> systemProperties(Map<String, String> properties) {
            Map<String, String> copy = Map.copyOf(Objects.requireNonNull(properties, "properties"));
            this.sys = () -> copy;
            return this;
        }

        /**
         * Sets a value above every other source. The value is a String, number, boolean, enum,
         * {@link Duration}, {@link Secret}, or a List or Map of those.
         *
         * @param key   a full key under the prefix, e.g. {@code app.poolSize}
         * @param value the value
         * @return this builder
         */
        public Builder<T> override(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (Trees.segments(key) == null) {
                throw new IllegalArgumentException("key must be a key path like 'app.poolSize' but was '" + key + "'");
            }
            if (!prefix.isEmpty() && !(key.startsWith(prefix + ".") || key.startsWith(prefix + "["))) {
                throw new IllegalArgumentException("key must start with the prefix '" + prefix + ".' but was '"
                        + key + "' (call prefix(...) before override(...))");
            }
            checkOverrideValue(key, value);
            overrides.put(key, value);
            return this;
        }

        private static void checkOverrideValue(String key, Object value) {
            if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                    || value instanceof Enum || value instanceof Duration || value instanceof Secret
                    || value instanceof Path || value instanceof java.net.URI || value instanceof Character) {
                return;
            }
            if (value instanceof Collection) {
                for (Object o : (Collection<?>) value) {
                    checkOverrideValue(key, o);
                }
                return;
            }
            if (value instanceof Map) {
                for (Object o : ((Map<?, ?>) value).values()) {
                    checkOverrideValue(key, o);
                }
                return;
            }
            throw new IllegalArgumentException("override value for '" + key + "' must be a String, number, boolean, "
                    + "enum, Duration, Secret, Path, URI, or a List/Map of those, but was a "
                    + value.getClass().getName());
        }

        /**
         * Watches the directories of the files and reloads when they change. Default: off.
         *
         * @param watch whether to watch
         * @return this builder
         */
        public Builder<T> watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * Also checks the sources at this interval (a fallback where file events are unreliable, such as some
         * network file systems). {@link Duration#ZERO} turns polling off (the default).
         *
         * @param interval the interval, zero or at least 10 ms
         * @return this builder
         */
        public Builder<T> pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || !interval.isZero() && interval.toMillis() < 10) {
                throw new IllegalArgumentException("pollInterval must be zero or >= 10ms but was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * How long to wait after the last file event before reloading, so that a burst of writes gives one
         * reload. Default {@link #DEFAULT_DEBOUNCE}. A burst never delays the reload by more than ten times
         * the debounce from its first event: a file edited without pause is then read as it is at that moment.
         *
         * @param debounce the delay, zero or more
         * @return this builder
         */
        public Builder<T> debounce(Duration debounce) {
            Objects.requireNonNull(debounce, "debounce");
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("debounce must be >= 0 but was " + debounce);
            }
            this.debounce = debounce;
            return this;
        }

        /**
         * How many snapshots the history keeps (the current one included). Default
         * {@link #DEFAULT_HISTORY_SIZE}.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder<T> historySize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("historySize must be >= 1 but was " + size);
            }
            this.historySize = size;
            return this;
        }

        /**
         * The largest file accepted; larger files are rejected unread. Default {@link #DEFAULT_MAX_FILE_SIZE}.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder<T> maxFileSize(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxFileSize must be between 1 and " + (Integer.MAX_VALUE - 16)
                        + " but was " + bytes);
            }
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * The deepest nesting of sections and lists accepted. Default {@link #DEFAULT_MAX_NESTING_DEPTH}.
         *
         * @param depth between 2 and 1000
         * @return this builder
         */
        public Builder<T> maxNestingDepth(int depth) {
            if (depth < 2 || depth > 1000) {
                throw new IllegalArgumentException("maxNestingDepth must be between 2 and 1000 but was " + depth);
            }
            this.maxNestingDepth = depth;
            return this;
        }

        /**
         * The most YAML aliases one file may use. Default {@link #DEFAULT_MAX_ALIASES}.
         *
         * @param aliases zero or more
         * @return this builder
         */
        public Builder<T> maxAliases(int aliases) {
            if (aliases < 0) {
                throw new IllegalArgumentException("maxAliases must be >= 0 but was " + aliases);
            }
            this.maxAliases = aliases;
            return this;
        }

        /**
         * The most nodes the YAML aliases of one file may expand to. Default
         * {@link #DEFAULT_MAX_ALIAS_EXPANSION}.
         *
         * @param nodes at least 1
         * @return this builder
         */
        public Builder<T> maxAliasExpansion(long nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("maxAliasExpansion must be >= 1 but was " + nodes);
            }
            this.maxAliasExpansion = nodes;
            return this;
        }

        /**
         * Publishes metrics ({@code foundation.config.*}) to this registry. Default: none.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder<T> meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The clock that stamps snapshots. Default: the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The Jakarta Validation factory to validate with (e.g. the application's, with its own message
         * bundles). Default: Hibernate Validator with English messages. The caller keeps ownership.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder<T> validatorFactory(ValidatorFactory factory) {
            this.validatorFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * What a reload does when it changes a {@link RestartRequired} component. Default
         * {@link RestartRequiredPolicy#REJECT}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder<T> restartRequiredPolicy(RestartRequiredPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Loads every source, binds and validates, and (if asked) starts watching.
         *
         * @return the live configuration
         * @throws ConfigValidationException with every violation when the configuration is invalid
         * @throws ConfigSourceException     when a source cannot be read or parsed
         * @throws IllegalArgumentException  when the record type is not supported
         * @throws IllegalStateException     when environment or system properties are used without a prefix
         */
        public ConfigHandle<T> build() {
            if (prefix.isEmpty() && (env != null || sys != null)) {
                throw new IllegalStateException("environment() and systemProperties() need a prefix; call "
                        + "prefix(\"app\") so that only APP_* variables and app.* properties are read");
            }
            for (String key : overrides.keySet()) {
                if (!prefix.isEmpty() && !(key.startsWith(prefix + ".") || key.startsWith(prefix + "["))) {
                    throw new IllegalStateException("override key '" + key + "' is not under the prefix '" + prefix
                            + "'");
                }
            }
            String n = name != null ? name : prefix.isEmpty() ? type.getSimpleName() : prefix;
            Settings<T> settings = new Settings<>(type, n, prefix, files, env, sys, overrides, watch, pollInterval,
                    debounce, historySize, new Limits(maxFileSize, maxNestingDepth, maxAliases, maxAliasExpansion),
                    registry, clock, validatorFactory, restartPolicy);
            return DefaultConfigHandle.start(settings);
        }
    }
}
