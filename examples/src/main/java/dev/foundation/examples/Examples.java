package dev.foundation.examples;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
        String name = args.length == 0 || args[0].isBlank() ? DEFAULT_EXAMPLE : args[0];
        Example example = examples.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        if (example == null) {
            System.err.println("No example named '" + name + "'.");
            printList(examples);
            System.exit(2);
            return;
        }
        System.out.println("== Foundation example: " + example.name() + " — " + example.description());
        example.run(args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length));
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
