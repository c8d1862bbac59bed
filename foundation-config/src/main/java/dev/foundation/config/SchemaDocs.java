package dev.foundation.config;

import dev.foundation.config.internal.Docs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Documentation generated from a configuration record: a Markdown table (key, type, default, constraints,
 * environment variable, dependencies, description) and a JSON Schema (draft 2020-12) that editors can use to
 * validate files. Secrets' defaults are masked.
 *
 * <p>Command line (with the application's classes on the class path):
 * <pre>{@code
 * java -cp app.jar:... dev.foundation.config.SchemaDocs com.example.AppConfig app docs/ [--check]
 * }</pre>
 * writes {@code docs/app.md} and {@code docs/app.schema.json}; with {@code --check} it writes nothing and exits
 * with status 1 when the files differ from what the class generates (for CI).
 */
public final class SchemaDocs {

    private SchemaDocs() {
    }

    /**
     * The Markdown documentation.
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix ("" for none)
     * @return Markdown text
     */
    public static String markdown(Class<?> recordClass, String prefix) {
        return Docs.markdown(Objects.requireNonNull(recordClass, "recordClass"), Objects.requireNonNull(prefix, "prefix"));
    }

    /**
     * The JSON Schema (draft 2020-12) of a file holding the configuration under its prefix.
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix ("" for none)
     * @return pretty-printed JSON
     */
    public static String jsonSchema(Class<?> recordClass, String prefix) {
        return Docs.jsonSchema(Objects.requireNonNull(recordClass, "recordClass"), Objects.requireNonNull(prefix, "prefix"));
    }

    private static String baseName(Class<?> recordClass, String prefix) {
        return prefix.isEmpty() ? recordClass.getSimpleName() : prefix;
    }

    /**
     * Writes {@code <prefix>.md} and {@code <prefix>.schema.json} into a directory.
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix ("" for none: the record's simple name is used)
     * @param dir         the output directory, created if needed
     * @return the two files
     * @throws UncheckedIOException when writing fails
     */
    public static List<Path> write(Class<?> recordClass, String prefix, Path dir) {
        String base = baseName(recordClass, prefix);
        try {
            Files.createDirectories(dir);
            Path md = Files.writeString(dir.resolve(base + ".md"), markdown(recordClass, prefix), StandardCharsets.UTF_8);
            Path js = Files.writeString(dir.resolve(base + ".schema.json"), jsonSchema(recordClass, prefix),
                    StandardCharsets.UTF_8);
            return List.of(md, js);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the docs to " + dir, e);
        }
    }

    /**
     * The files in a directory that differ from what the class generates now (missing files included).
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix
     * @param dir         the directory holding the checked-in docs
     * @return the stale files; empty when the docs are up to date
     */
    public static List<Path> stale(Class<?> recordClass, String prefix, Path dir) {
        String base = baseName(recordClass, prefix);
        List<Path> out = new ArrayList<>();
        check(dir.resolve(base + ".md"), markdown(recordClass, prefix), out);
        check(dir.resolve(base + ".schema.json"), jsonSchema(recordClass, prefix), out);
        return out;
    }

    private static void check(Path file, String expected, List<Path> out) {
        try {
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(expected)) {
                out.add(file);
            }
        } catch (IOException e) {
            out.add(file);
        }
    }

    /**
     * Writes (or with {@code --check} verifies) the docs of a record class.
     *
     * @param args {@code <record class> <prefix> <output dir> [--check]}; use {@code ""} for no prefix
     * @throws ClassNotFoundException when the class is not on the class path
     */
    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length < 3 || args.length > 4 || args.length == 4 && !args[3].equals("--check")) {
            System.err.println("usage: SchemaDocs <record class> <prefix> <output dir> [--check]");
            System.exit(2);
            return;
        }
        Class<?> type = Class.forName(args[0], false, Thread.currentThread().getContextClassLoader());
        Path dir = Path.of(args[2]);
        if (args.length == 4) {
            List<Path> stale = stale(type, args[1], dir);
            if (!stale.isEmpty()) {
                System.err.println("configuration docs are out of date: " + stale
                        + "; regenerate them with the same command without --check");
                System.exit(1);
            }
            System.out.println("configuration docs are up to date in " + dir);
            return;
        }
        for (Path p : write(type, args[1], dir)) {
            System.out.println("wrote " + p);
        }
    }
}
