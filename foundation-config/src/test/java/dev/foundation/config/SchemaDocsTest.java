package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foundation.config.Fixtures.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaDocsTest {

    /** Checked-in docs of the test fixture; regenerate with SchemaDocs.main (see the README). */
    private static final Path CHECKED_IN = Path.of("src/test/resources/docs");

    @TempDir
    Path dir;

    @Test
    void checkedInDocs_matchTheRecordClass() {
        assertThat(SchemaDocs.stale(AppConfig.class, "app", CHECKED_IN))
                .as("docs drifted from %s; run SchemaDocs.main with %s app %s", AppConfig.class.getName(),
                        AppConfig.class.getName(), CHECKED_IN)
                .isEmpty();
    }

    @Test
    void stale_detectsDrift() throws Exception {
        List<Path> written = SchemaDocs.write(AppConfig.class, "app", dir);
        assertThat(SchemaDocs.stale(AppConfig.class, "app", dir)).isEmpty();
        Files.writeString(written.get(0), Files.readString(written.get(0)).replace("poolSize", "poolsize"));
        assertThat(SchemaDocs.stale(AppConfig.class, "app", dir)).containsExactly(written.get(0));
    }

    @Test
    void markdown_listsKeyTypeDefaultConstraintsEnvDependencyAndDescription() {
        String md = SchemaDocs.markdown(AppConfig.class, "app");
        assertThat(md).contains("| `app.poolSize` | int | `10` | `@Min(1)` `@Max(100)` | `APP_POOL_SIZE` |  |  |")
                .contains("| `app.databaseUrl` | String |  | `@NotBlank` `@Pattern(regexp=\"^postgres://.*\")` "
                        + "| `APP_DATABASE_URL` |  | JDBC-style database URL. |")
                .contains("| `app.cacheTtl` | Duration (`500ms`, `30s`, `5m`, `PT30S`) | `30s` | `@DurationMin(seconds=1)` "
                        + "| `APP_CACHE_TTL` | `app.cacheEnabled` |  |")
                .contains("| `app.apiKey` | Secret (masked) |")
                .contains("| `app.endpoints[n].url` | URI |  | `@NotNull` | `APP_ENDPOINTS_<N>_URL` |")
                .contains("| `app.limits` | Map<String, Integer> |  | values: `@Min(0)` | `APP_LIMITS_<KEY>` |")
                .contains("| `app.server.port` | int | `8080` | `@Min(1)` `@Max(65535)` | `APP_SERVER_PORT` |  "
                        + "| **Restart required.** |")
                .contains("Test application configuration.");
    }

    @Test
    void jsonSchema_isDraft2020_withTypesConstraintsDefaultsAndNoExtraKeys() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SchemaDocs.jsonSchema(AppConfig.class, "app"));
        assertThat(root.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        JsonNode app = root.at("/properties/app");
        assertThat(app.get("additionalProperties").asBoolean()).isFalse();
        assertThat(app.at("/properties/poolSize/type").asText()).isEqualTo("integer");
        assertThat(app.at("/properties/poolSize/minimum").asInt()).isEqualTo(1);
        assertThat(app.at("/properties/poolSize/maximum").asInt()).isEqualTo(100);
        assertThat(app.at("/properties/poolSize/default").asInt()).isEqualTo(10);
        assertThat(app.at("/properties/databaseUrl/pattern").asText()).isEqualTo("^postgres://.*");
        assertThat(app.at("/properties/apiKey/writeOnly").asBoolean()).isTrue();
        assertThat(app.at("/properties/level/enum").toString()).isEqualTo("[\"DEBUG\",\"INFO\",\"WARN\"]");
        assertThat(app.at("/properties/endpoints/items/required").toString()).isEqualTo("[\"name\",\"url\"]");
        assertThat(app.at("/properties/tags/uniqueItems").asBoolean()).isTrue();
        assertThat(app.at("/properties/limits/additionalProperties/minimum").asInt()).isZero();
        assertThat(app.at("/properties/cacheTtl/x-depends-on/0").asText()).isEqualTo("cacheEnabled");
        assertThat(app.at("/properties/server/properties/port/x-restart-required").asBoolean()).isTrue();
        assertThat(app.get("required").toString()).isEqualTo("[\"databaseUrl\"]");
    }

    @Test
    void main_writesAndChecksDocs() throws Exception {
        SchemaDocs.main(new String[] {AppConfig.class.getName(), "app", dir.toString()});
        assertThat(dir.resolve("app.md")).exists();
        assertThat(dir.resolve("app.schema.json")).exists();
        assertThat(SchemaDocs.stale(AppConfig.class, "app", dir)).isEmpty();
    }
}
