package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foundation.config.Fixtures.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives a clear ConfigException subclass, never a hang or a stack overflow. */
@Timeout(30)
class BadInputTest {

    @TempDir
    Path dir;

    private <E extends ConfigException> E load(Class<E> type, String fileName, String content) {
        Path file = Fixtures.write(dir.resolve(fileName), content);
        return assertThrows(type, () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
    }

    @Test
    void malformedYaml_givesFileLineAndColumn() {
        ConfigParseException e = load(ConfigParseException.class, "app.yml", "app:\n  poolSize: [1, 2\n  x: 3\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith(dir.resolve("app.yml") + ":3:").contains("malformed YAML");
    }

    @Test
    void malformedJson_givesFileLineAndColumn() {
        ConfigParseException e = load(ConfigParseException.class, "app.json", "{\"app\": {\n  \"poolSize\": 3,,\n}}");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(17);
        assertThat(e.getMessage()).startsWith(dir.resolve("app.json") + ":2:17: malformed JSON");
    }

    @Test
    void wrongTypes_areViolationsWithOrigin() {
        ConfigValidationException e = load(ConfigValidationException.class, "app.yml",
                Fixtures.VALID_YAML + "  cacheEnabled: maybe\n  homepage: 'ht tp://bad uri'\n");
        assertThat(e.violations()).extracting(Violation::toString).containsExactly(
                "app.cacheEnabled=maybe (app.yml:11): cannot convert to boolean: expected true or false",
                "app.homepage=ht tp://bad uri (app.yml:12): cannot convert to URI: expected a URI: Illegal character "
                        + "in scheme name at index 2: ht tp://bad uri");
    }

    @Test
    void topLevelList_isRejected() {
        ConfigParseException e = load(ConfigParseException.class, "app.yml", "- a\n- b\n");
        assertThat(e.getMessage()).contains(":1:1: the top level must be a mapping of keys to values but was a list");
    }

    @Test
    void emptyFile_isRejected() {
        EmptyConfigFileException e = load(EmptyConfigFileException.class, "app.yml", "# only a comment\n\n");
        assertThat(e.getMessage()).isEqualTo(dir.resolve("app.yml") + ": the file is empty (no keys, only whitespace "
                + "or comments); add the configuration or remove the file from the sources");
        load(EmptyConfigFileException.class, "app.properties", "");
        load(EmptyConfigFileException.class, "app.json", "   ");
    }

    @Test
    void duplicateKeys_areRejected_inYamlJsonAndProperties() {
        DuplicateKeyException yaml = load(DuplicateKeyException.class, "app.yml", "app:\n  poolSize: 1\n  poolSize: 2\n");
        assertThat(yaml.getMessage()).contains("app.yml:3:").contains("duplicate key 'poolSize' (first given on line 2)");
        DuplicateKeyException json = load(DuplicateKeyException.class, "app.json",
                "{\"app\": {\"poolSize\": 1,\n \"poolSize\": 2}}");
        assertThat(json.getMessage()).contains("app.json:2:").contains("poolSize");
        DuplicateKeyException props = load(DuplicateKeyException.class, "app.properties",
                "app.poolSize=1\napp.poolSize=2\n");
        assertThat(props.getMessage()).contains("app.properties:2:1: duplicate key 'app.poolSize' (first given at "
                + "app.properties:1)");
    }

    @Test
    void fileLargerThanLimit_isRejectedUnparsed() throws IOException {
        Path file = dir.resolve("app.yml");
        Files.writeString(file, Fixtures.VALID_YAML + "# " + "x".repeat(2000) + "\n");
        ConfigFileTooLargeException e = assertThrows(ConfigFileTooLargeException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).maxFileSize(1024).build());
        assertThat(e.getMessage()).isEqualTo(file + ": file is " + Files.size(file) + " bytes, larger than the limit "
                + "of 1024 bytes; raise maxFileSize if the file is meant to be that large");
    }

    /**
     * A named pipe reports no size: the file is read as a stream, and the size limit still holds. A writer thread
     * feeds the pipe, since opening a pipe for reading waits for a writer.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void fileWithoutSize_namedPipe_isReadAsAStream_withinTheLimit() throws Exception {
        Path pipe = dir.resolve("app.yml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor()).isZero();
        java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(pipe, Fixtures.VALID_YAML);
                firstRead.await(); // a second writer opening the pipe before the reader saw the end would extend it
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                return;
            }
            try {
                Files.writeString(pipe, Fixtures.VALID_YAML + "# " + "x".repeat(2000) + "\n");
            } catch (IOException expected) {
                // the reader stops one byte over the limit and closes the pipe: a broken pipe here
            }
        });
        writer.start();
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(pipe).build()) {
            assertThat(h.get().poolSize()).isEqualTo(20);
        }
        firstRead.countDown();
        ConfigFileTooLargeException e = assertThrows(ConfigFileTooLargeException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(pipe).maxFileSize(1024).build());
        assertThat(e.getMessage()).startsWith(pipe + ": file is 1025 bytes, larger than the limit of 1024 bytes");
        writer.join(10_000);
    }

    @Test
    void yamlAliasBomb_isStoppedByTheAliasBudget() {
        StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        AliasLimitException e = load(AliasLimitException.class, "app.yml", b.toString());
        assertThat(e.getMessage()).contains("aliases expand to more than 10000 nodes (an alias bomb?)");
    }

    @Test
    void tooManyAliases_areRejected() {
        StringBuilder b = new StringBuilder("x: &v 1\nl: [");
        for (int i = 0; i < 60; i++) {
            b.append(i == 0 ? "" : ", ").append("*v");
        }
        b.append("]\n");
        AliasLimitException e = load(AliasLimitException.class, "app.yml", b.toString());
        assertThat(e.getMessage()).contains("more than 50 aliases in one file");
    }

    @Test
    void yamlAliases_withinLimits_areExpanded() {
        Path file = Fixtures.write(dir.resolve("app.yml"), "defaults: &d\n  timeout: 2s\napp:\n"
                + "  databaseUrl: postgres://x\n  endpoints:\n    - <<: *d\n      name: a\n      url: http://a\n");
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            assertThat(h.get().endpoints().get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void deepNesting_isRejected_withoutStackOverflow_yamlAndJson() {
        int depth = 100_000;
        NestingTooDeepException yaml = load(NestingTooDeepException.class, "app.yml",
                "a: " + "[".repeat(depth) + "]".repeat(depth));
        assertThat(yaml.getMessage()).contains("deeper than").contains("32");
        NestingTooDeepException json = load(NestingTooDeepException.class, "app.json",
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        assertThat(json.getMessage()).contains("deeper than the limit of 32 levels");
        NestingTooDeepException props = load(NestingTooDeepException.class, "app.properties",
                "a" + ".a".repeat(40) + "=1\n");
        assertThat(props.getMessage()).contains("deeper than the limit of 32");
    }

    @Test
    void invalidUtf8_isRejected() throws IOException {
        Path file = dir.resolve("app.yml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        ConfigParseException e = assertThrows(ConfigParseException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
        assertThat(e.getMessage()).contains("not valid UTF-8: byte 0xC3 at offset 3");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(4);
    }

    @Test
    void missingRequiredFile_isASourceError() {
        ConfigSourceException e = assertThrows(ConfigSourceException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(dir.resolve("nope.yml")).build());
        assertThat(e.getMessage()).isEqualTo(dir.resolve("nope.yml") + ": file not found; create it or declare it "
                + "with optionalFile(...)");
    }

    @Test
    void multipleYamlDocuments_areRejected() {
        ConfigParseException e = load(ConfigParseException.class, "app.yml", "app: {}\n---\napp: {}\n");
        assertThat(e.getMessage()).contains("more than one document");
    }

    @Test
    void propertiesKeyBothValueAndSection_isRejected() {
        ConfigParseException e = load(ConfigParseException.class, "app.properties", "app.server=1\napp.server.port=2\n");
        assertThat(e.getMessage()).contains("app.properties:2:1: key 'app.server.port' puts a section under "
                + "'app.server', which already has a value");
    }
}
