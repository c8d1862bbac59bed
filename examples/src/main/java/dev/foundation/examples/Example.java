package dev.foundation.examples;

/**
 * One runnable example. Implementations are listed in
 * {@code META-INF/services/dev.foundation.examples.Example} and run by {@link Examples}.
 */
public interface Example {

    /**
     * The name used on the command line, e.g. {@code "codec"}.
     *
     * @return the example's name
     */
    String name();

    /**
     * One line saying what the example shows.
     *
     * @return the description
     */
    String description();

    /**
     * Runs the example, printing what it does to standard output.
     *
     * @param args the arguments after the example's name
     * @throws Exception whatever the example fails with; the launcher prints it and exits non-zero
     */
    void run(String[] args) throws Exception;

    /**
     * Checks a command line without running anything: what {@link #run} would reject, this rejects.
     *
     * @param args the example's arguments
     * @throws IllegalArgumentException if the arguments are not valid for this example
     */
    default void checkArguments(String[] args) {
        if (args.length > 0 && !(args.length == 1 && args[0].isBlank())) {
            throw new IllegalArgumentException("example '" + name() + "' takes no arguments but got "
                    + String.join(" ", args));
        }
    }
}
