package dev.foundation.examples.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.config.SchemaDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example's checked-in Markdown and JSON Schema docs must be what SchemaDocs generates from ShopConfig. */
class ConfigDocsDriftTest {

    @Test
    void checkedInDocs_matchShopConfig() {
        Path docs = Path.of("").toAbsolutePath().getParent().resolve(ConfigExample.DOCS);
        assertThat(Files.isDirectory(docs)).as("docs directory %s", docs).isTrue();
        assertThat(SchemaDocs.stale(ShopConfig.class, "shop", docs))
                .as("stale docs: regenerate with SchemaDocs.main(%s, shop, %s)", ShopConfig.class.getName(), ConfigExample.DOCS)
                .isEmpty();
    }
}
