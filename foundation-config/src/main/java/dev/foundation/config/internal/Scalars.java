package dev.foundation.config.internal;

import dev.foundation.config.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Text to scalar conversion, and scalar to text rendering (secrets masked). */
public final class Scalars {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("^(-?\\d+)\\s*(ns|us|ms|s|m|h|d)$");

    private Scalars() {
    }

    /** A value that could not be converted; the message says what was expected. */
    public static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Converts text to a scalar of the given class.
     *
     * @param text the text (not null)
     * @param type the target class
     * @return the value
     * @throws ConversionException when the text does not fit the type
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object convert(String text, Class<?> type) throws ConversionException {
        String t = text.strip();
        try {
            if (type == String.class) {
                return text;
            }
            if (type == Secret.class) {
                return Secret.of(text);
            }
            if (type == int.class || type == Integer.class) {
                return Integer.valueOf(integerText(t));
            }
            if (type == long.class || type == Long.class) {
                return Long.valueOf(integerText(t));
            }
            if (type == short.class || type == Short.class) {
                return Short.valueOf(integerText(t));
            }
            if (type == byte.class || type == Byte.class) {
                return Byte.valueOf(integerText(t));
            }
            if (type == double.class || type == Double.class) {
                double d = Double.parseDouble(t);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (type == float.class || type == Float.class) {
                float f = Float.parseFloat(t);
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    throw new NumberFormatException();
                }
                return f;
            }
            if (type == BigDecimal.class) {
                return new BigDecimal(t);
            }
            if (type == BigInteger.class) {
                return new BigInteger(integerText(t));
            }
            if (type == boolean.class || type == Boolean.class) {
                if (t.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new ConversionException("expected true or false");
            }
            if (type == char.class || type == Character.class) {
                if (text.length() != 1) {
                    throw new ConversionException("expected a single character");
                }
                return text.charAt(0);
            }
            if (type.isEnum()) {
                String norm = t.replace('-', '_').toUpperCase(Locale.ROOT);
                for (Object c : type.getEnumConstants()) {
                    if (((Enum) c).name().equalsIgnoreCase(norm)) {
                        return c;
                    }
                }
                throw new ConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> ((Enum) c).name()).collect(Collectors.joining(", ")));
            }
            if (type == Duration.class) {
                return duration(t);
            }
            if (type == Path.class) {
                if (t.isEmpty()) {
                    throw new ConversionException("expected a path but was empty");
                }
                return Path.of(t);
            }
            if (type == URI.class) {
                if (t.isEmpty()) {
                    throw new ConversionException("expected a URI but was empty");
                }
                return new URI(t);
            }
        } catch (NumberFormatException e) {
            throw new ConversionException("expected " + describe(type));
        } catch (InvalidPathException | URISyntaxException e) {
            throw new ConversionException("expected " + describe(type) + ": " + e.getMessage());
        }
        throw new ConversionException("unsupported type " + type.getName());
    }

    private static String integerText(String t) {
        // Accept 1_000 as YAML 1.1 and Java do, nothing else unusual.
        return t.startsWith("+") ? t.substring(1).replace("_", "") : t.replace("_", "");
    }

    /**
     * Parses a duration: ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 1d}, {@code 10us}, {@code 100ns}).
     *
     * @param t the text
     * @return the duration
     * @throws ConversionException when the text is neither form
     */
    public static Duration duration(String t) throws ConversionException {
        Matcher m = SIMPLE_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ns":
                        return Duration.ofNanos(n);
                    case "us":
                        return Duration.ofNanos(Math.multiplyExact(n, 1000L));
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            }
            return Duration.parse(t);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConversionException("expected a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
    }

    /**
     * A name of what a type accepts, for messages.
     *
     * @param type a scalar class
     * @return e.g. "an integer (int)"
     */
    public static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer (" + type.getSimpleName() + ")";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number (" + type.getSimpleName() + ")";
        }
        if (type == Path.class) {
            return "a file system path";
        }
        if (type == URI.class) {
            return "a URI";
        }
        return "a " + type.getSimpleName();
    }

    /**
     * Renders a scalar as text; secrets are masked.
     *
     * @param value the value, may be null
     * @return the text
     */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Secret) {
            return Secret.MASK;
        }
        if (value instanceof Duration) {
            return renderDuration((Duration) value);
        }
        return value.toString();
    }

    /**
     * The shortest text {@link #duration(String)} reads back as the same duration.
     *
     * @param d a duration
     * @return e.g. {@code 30s}, {@code 500ms}, or ISO-8601 when no single unit fits
     */
    public static String renderDuration(Duration d) {
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L,
            1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms", "us", "ns"};
        try {
            long nanos = d.toNanos();
            for (int i = 0; i < sizes.length; i++) {
                if (nanos % sizes[i] == 0) {
                    return nanos / sizes[i] + units[i];
                }
            }
        } catch (ArithmeticException e) {
            // too long for nanoseconds: fall through to ISO-8601
        }
        return d.toString();
    }
}
