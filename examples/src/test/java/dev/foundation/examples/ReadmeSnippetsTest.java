package dev.foundation.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md's Java snippets must be the code the examples module compiles: each block introduced by
 * {@code <!-- snippet:NAME -->} must equal, after removing common indentation, the lines between
 * {@code // snippet:NAME} and {@code // end-snippet} in some example source.
 */
class ReadmeSnippetsTest {

    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet:([\\w.-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SOURCE_BLOCK =
            Pattern.compile("//\\s*snippet:([\\w.-]+)\\n(.*?)\\n\\s*//\\s*end-snippet", Pattern.DOTALL);

    @Test
    void readmeSnippets_matchCompiledExampleSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("examples/src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                Matcher m = SOURCE_BLOCK.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(sources.put(m.group(1), dedent(m.group(2))))
                            .as("snippet name '%s' is used twice", m.group(1)).isNull();
                }
            }
        }
        Matcher m = README_BLOCK.matcher(readme);
        int checked = 0;
        while (m.find()) {
            String name = m.group(1);
            assertThat(sources).as("README snippet '%s' has a source in examples/", name).containsKey(name);
            assertThat(dedent(m.group(2))).as("README snippet '%s'", name).isEqualTo(sources.get(name));
            checked++;
        }
        assertThat(checked).as("README.md snippets checked").isGreaterThan(0);
    }

    private static String dedent(String block) {
        List<String> lines = block.lines().collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).map(String::stripTrailing)
                .collect(Collectors.joining("\n")).strip();
    }
}
