package dev.foundation.examples;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The examples launcher: {@code Examples} lists the examples, {@code Examples <name> [args...]} runs one.
 * With no argument it runs {@link #DEFAULT_EXAMPLE}.
 */
public final class Examples {

    /** The example the README's first command runs. */
    public static final String DEFAULT_EXAMPLE = "showcase";

    private Examples() {
    }

    /**
     * Entry point.
     *
     * @param args {@code list}, or an example name followed by its arguments; none runs the default
     * @throws Exception if the example fails
     */
    public static void main(String[] args) throws Exception {
        List<Example> examples = all();
        if (args.length > 0 && (args[0].equals("list") || args[0].equals("--help") || args[0].equals("-h"))) {
            printList(examples);
            return;
        }
        Invocation invocation = Invocation.of(args);
        Example example = examples.stream().filter(e -> e.name().equals(invocation.name())).findFirst().orElse(null);
        if (example == null) {
            System.err.println("No example named '" + invocation.name() + "'.");
            printList(examples);
            System.exit(2);
            return;
        }
        System.out.println("== Foundation example: " + example.name() + " — " + example.description());
        example.run(invocation.args());
    }

    /**
     * What the launcher runs for a command line: the example's name and the arguments it gets.
     *
     * <p>The {@code -Prun} profile passes {@code ${example} ${example.args}}, so with no {@code -Dexample} the
     * first word is the first of the example's own arguments: a first word that starts with {@code -} (or is
     * blank, or absent) selects {@link #DEFAULT_EXAMPLE} and keeps every word as its argument.
     *
     * @param name the example to run
     * @param args the example's arguments
     */
    public record Invocation(String name, String[] args) {

        /**
         * Creates an invocation.
         *
         * @param name the example to run
         * @param args the example's arguments
         */
        public Invocation {
            Objects.requireNonNull(name, "name");
            args = args.clone();
        }

        /**
         * Resolves a launcher command line.
         *
         * @param commandLine the launcher's arguments
         * @return the example to run and its arguments
         */
        public static Invocation of(String... commandLine) {
            if (commandLine.length == 0) {
                return new Invocation(DEFAULT_EXAMPLE, new String[0]);
            }
            String first = commandLine[0];
            if (first.isBlank()) {
                return new Invocation(DEFAULT_EXAMPLE, Arrays.copyOfRange(commandLine, 1, commandLine.length));
            }
            if (first.startsWith("-")) {
                return new Invocation(DEFAULT_EXAMPLE, commandLine);
            }
            return new Invocation(first, Arrays.copyOfRange(commandLine, 1, commandLine.length));
        }

        @Override
        public String[] args() {
            return args.clone();
        }
    }

    /**
     * Every example on the class path, sorted by name.
     *
     * @return the examples
     */
    public static List<Example> all() {
        return ServiceLoader.load(Example.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Example::name))
                .collect(Collectors.toList());
    }

    private static void printList(List<Example> examples) {
        System.out.println("Examples (run one with: ./mvnw -q -pl examples -am package -DskipTests -Prun -Dexample=<name>):");
        for (Example e : examples) {
            System.out.printf("  %-18s %s%n", e.name(), e.description());
        }
    }
}
