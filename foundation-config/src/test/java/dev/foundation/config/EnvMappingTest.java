package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.config.internal.EnvNames;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvMappingTest {

    record Db(URI url, @Default("1") int poolSize) {
    }

    record Server(@Default("8080") int port, @Default("x") String baseURL) {
    }

    record Svc(Server server, Map<String, Db> dbs, Map<String, String> labels, List<Integer> ports,
            Optional<String> note, @Default("0") int retryCount) {
    }

    private static ConfigHandle<Svc> load(Map<String, String> env) {
        return FoundationConfig.builder(Svc.class).prefix("svc.main").environment(env).build();
    }

    @Test
    void upperSnake_splitsCamelCaseAndAcronyms() {
        assertThat(EnvNames.upperSnake("poolSize")).isEqualTo("POOL_SIZE");
        assertThat(EnvNames.upperSnake("baseURL")).isEqualTo("BASE_URL");
        assertThat(EnvNames.upperSnake("httpURLPath")).isEqualTo("HTTP_URL_PATH");
        assertThat(EnvNames.upperSnake("ttl2Seconds")).isEqualTo("TTL2_SECONDS");
        assertThat(EnvNames.envPrefix("svc.main")).isEqualTo("SVC_MAIN_");
    }

    @Test
    void environment_mapsNestedRecordsMapsListsAndOptionals() {
        try (ConfigHandle<Svc> h = load(Map.of(
                "SVC_MAIN_SERVER_PORT", "9000",
                "SVC_MAIN_SERVER_BASE_URL", "/api",
                "SVC_MAIN_DBS_ORDERS_DB_URL", "postgres://o",
                "SVC_MAIN_DBS_ORDERS_DB_POOL_SIZE", "4",
                "SVC_MAIN_LABELS_TEAM_NAME", "core",
                "SVC_MAIN_PORTS_1", "81",
                "SVC_MAIN_PORTS_0", "80",
                "SVC_MAIN_NOTE", "hello",
                "SVC_MAIN_RETRY_COUNT", "3",
                "SVC_OTHER_X", "not under the prefix"))) {
            Svc s = h.get();
            assertThat(s.server()).isEqualTo(new Server(9000, "/api"));
            assertThat(s.dbs()).containsOnlyKeys("orders_db");
            assertThat(s.dbs().get("orders_db")).isEqualTo(new Db(URI.create("postgres://o"), 4));
            assertThat(s.labels()).containsExactly(Map.entry("team_name", "core"));
            assertThat(s.ports()).containsExactly(80, 81);
            assertThat(s.note()).contains("hello");
            assertThat(s.retryCount()).isEqualTo(3);
            assertThat(h.snapshot().origins().get("svc.main.dbs.orders_db.url"))
                    .isEqualTo(Origin.environment("SVC_MAIN_DBS_ORDERS_DB_URL"));
        }
    }

    @Test
    void environment_listOfValues_canBeCommaSeparated() {
        try (ConfigHandle<Svc> h = load(Map.of("SVC_MAIN_PORTS", "1, 2,3"))) {
            assertThat(h.get().ports()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void kebabCaseKeys_inFiles_bindToCamelCaseComponents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path f = Fixtures.write(dir.resolve("svc.yml"), "svc:\n  main:\n    retry-count: 7\n"
                + "    server:\n      base-u-r-l: /k\n");
        try (ConfigHandle<Svc> h = FoundationConfig.builder(Svc.class).prefix("svc.main").file(f).build()) {
            assertThat(h.get().retryCount()).isEqualTo(7);
            assertThat(h.get().server().baseURL()).isEqualTo("/k");
        }
    }

    @Test
    void allNames_listsEveryVariableForTheDocs() {
        assertThat(EnvNames.allNames(dev.foundation.config.internal.ConfigType.of(Svc.class), "SVC_MAIN_"))
                .contains("SVC_MAIN_SERVER_PORT", "SVC_MAIN_DBS_<KEY>_URL", "SVC_MAIN_PORTS", "SVC_MAIN_PORTS_<n>",
                        "SVC_MAIN_RETRY_COUNT");
    }
}
