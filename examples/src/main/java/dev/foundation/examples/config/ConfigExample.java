package dev.foundation.examples.config;

import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
import dev.foundation.config.ReloadResult;
import dev.foundation.config.SchemaDocs;
import dev.foundation.examples.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a config file, edits it validly (prints the diff), edits it invalidly (prints the violations and shows
 * the last good snapshot kept), rolls back, and prints the generated docs table.
 */
public final class ConfigExample implements Example {

    /** Where the generated docs of {@link ShopConfig} are checked in, relative to the repository root. */
    static final Path DOCS = Path.of("examples/src/main/java/dev/foundation/examples/config/docs");

    @Override
    public String name() {
        return "config";
    }

    @Override
    public String description() {
        return "foundation-config: typed, validated config; valid and invalid hot edits, rollback, generated docs";
    }

    @Override
    public void run(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("foundation-config-example");
        try {
            demo(dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        checkDocs();
    }

    private static void demo(Path dir) throws Exception {
        // snippet:config-quickstart
        Path file = dir.resolve("shop.yml");
        Files.writeString(file, String.join("\n",
                "shop:",
                "  databaseUrl: postgres://db.internal/shop",
                "  poolSize: 20",
                "  apiKey: pk_live_123",
                "  endpoints:",
                "    - name: payments",
                "      url: https://payments.internal",
                ""));
        try (ConfigHandle<ShopConfig> cfg = FoundationConfig.builder(ShopConfig.class)
                .prefix("shop").file(file).environment().systemProperties()
                .watch(true).build()) {                      // throws with every violation if invalid
            ShopConfig now = cfg.get();                      // immutable, always fully valid
            System.out.println("loaded v" + cfg.snapshot().version() + ": poolSize=" + now.poolSize()
                    + " (from " + cfg.snapshot().originOf("shop.poolSize") + "), apiKey=" + now.apiKey());
            cfg.subscribe(change -> System.out.println("applied v" + change.version() + ": " + change.changes()));

            // a valid edit: the watcher (or reload()) swaps in a new snapshot and tells the listener
            Files.writeString(file, Files.readString(file).replace("poolSize: 20", "poolSize: 30"));
            cfg.reload();

            // an invalid edit: rejected as a whole, the last good snapshot stays
            Files.writeString(file, Files.readString(file).replace("poolSize: 30", "poolSize: 500")
                    .replace("postgres://", "mysql://"));
            ReloadResult result = cfg.reload();
            cfg.lastError().ifPresent(e -> System.out.println("rejected: " + e.getMessage()));
            System.out.println("still serving v" + cfg.snapshot().version() + ": poolSize=" + cfg.get().poolSize()
                    + " (reload said " + result.status() + ")");

            // back to the first version: re-validated, applied as a new version, listeners told
            cfg.rollback(1);
            System.out.println("after rollback: v" + cfg.snapshot().version() + " poolSize=" + cfg.get().poolSize());
        }
        // end-snippet
        System.out.println();
        System.out.println(SchemaDocs.markdown(ShopConfig.class, "shop"));
    }

    private static void checkDocs() {
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path docs = base.resolve(DOCS);
            if (Files.isDirectory(docs)) {
                List<Path> stale = SchemaDocs.stale(ShopConfig.class, "shop", docs);
                if (!stale.isEmpty()) {
                    throw new IllegalStateException("checked-in docs are out of date: " + stale + "; regenerate with "
                            + "SchemaDocs.main(" + ShopConfig.class.getName() + ", shop, " + DOCS + ")");
                }
                System.out.println("checked-in docs in " + DOCS + " match ShopConfig");
                return;
            }
        }
    }
}
