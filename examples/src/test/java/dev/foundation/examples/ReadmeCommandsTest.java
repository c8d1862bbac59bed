package dev.foundation.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every example command written in README.md (and in the showcase's generated settings file) must start the example
 * it names with arguments it accepts. The launcher is driven with the argument list the {@code -Prun} profile builds
 * from {@code ${example} ${example.args}}, split on white space as the exec plugin splits its command line: the way
 * a reader's shell and Maven hand them over, which is where {@code -Dexample.args="--serve"} once went wrong.
 */
class ReadmeCommandsTest {

    private static final Pattern RUN_COMMAND = Pattern.compile("\\./mvnw [^`\\n]*-Prun[^`\\n]*");
    private static final Pattern EXAMPLE = Pattern.compile("-Dexample=(\\S+)");
    private static final Pattern EXAMPLE_ARGS = Pattern.compile("-Dexample\\.args=\"([^\"]*)\"");

    @Test
    void everyRunCommandInTheReadme_resolvesToAnExampleThatAcceptsItsArguments() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> commands = new ArrayList<>(commands(Files.readString(root.resolve("README.md"))));
        commands.addAll(commands(Files.readString(root.resolve("examples/src/main/resources/showcase/showcase.yml"))));
        Map<String, Example> examples = Examples.all().stream()
                .collect(Collectors.toMap(Example::name, Function.identity()));

        int checked = 0;
        for (String command : commands) {
            Matcher name = EXAMPLE.matcher(command);
            String example = name.find() ? name.group(1) : "";
            if (example.startsWith("<") || example.equals("list")) {
                continue; // a placeholder (-Dexample=<name>) or the launcher's own listing
            }
            Matcher args = EXAMPLE_ARGS.matcher(command);
            String exampleArgs = args.find() ? args.group(1) : "";
            Examples.Invocation invocation = Examples.Invocation.of(execPluginArguments(example + " " + exampleArgs));
            assertThat(examples).as("example named by: %s", command).containsKey(invocation.name());
            assertThatCode(() -> examples.get(invocation.name()).checkArguments(invocation.args()))
                    .as("arguments of: %s", command).doesNotThrowAnyException();
            checked++;
        }
        assertThat(checked).as("README commands checked").isGreaterThanOrEqualTo(10);
    }

    @Test
    void optionsWithoutAnExampleName_runTheShowcaseWithAllOfThem() {
        Examples.Invocation invocation = Examples.Invocation.of(execPluginArguments(" --orders 2000 --serve"));
        assertThat(invocation.name()).isEqualTo(Examples.DEFAULT_EXAMPLE);
        assertThat(invocation.args()).containsExactly("--orders", "2000", "--serve");
    }

    @Test
    void anExampleName_takesTheRestAsItsArguments() {
        Examples.Invocation invocation = Examples.Invocation.of(execPluginArguments("events-durable /tmp/x"));
        assertThat(invocation.name()).isEqualTo("events-durable");
        assertThat(invocation.args()).containsExactly("/tmp/x");
        assertThat(Examples.Invocation.of().name()).isEqualTo(Examples.DEFAULT_EXAMPLE);
    }

    @Test
    void badShowcaseArguments_areRejectedBeforeAnythingRuns() {
        Example showcase = Examples.all().stream().filter(e -> e.name().equals("showcase")).findFirst().orElseThrow();
        assertThatCode(() -> showcase.checkArguments(new String[] {"--orders", "many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--orders");
    }

    private static List<String> commands(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = RUN_COMMAND.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** The exec plugin's split of {@code ${example} ${example.args}}: words separated by white space. */
    private static String[] execPluginArguments(String line) {
        return line.isBlank() ? new String[0] : line.strip().split("\\s+");
    }
}
