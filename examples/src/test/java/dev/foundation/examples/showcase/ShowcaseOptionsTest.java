package dev.foundation.examples.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShowcaseOptionsTest {

    @Test
    void parse_givesDefaults_whenNoArguments() {
        ShowcaseOptions o = ShowcaseOptions.parse();
        assertThat(o.orders()).isEqualTo(1_000);
        assertThat(o.dataDir()).isEqualTo(Path.of("data", "showcase").toAbsolutePath().normalize());
        assertThat(o.port()).isZero();
        assertThat(o.serve()).isFalse();
    }

    @Test
    void parse_readsEveryFlag_andIgnoresAnEmptyArgument() {
        ShowcaseOptions o = ShowcaseOptions.parse("--orders", "40", "--data-dir", "/tmp/x", "--port", "8081",
                "--serve", "");
        assertThat(o).isEqualTo(new ShowcaseOptions(40, Path.of("/tmp/x"), 8081, true));
    }

    @Test
    void parse_rejectsBadInput_withTheUsage() {
        assertThatThrownBy(() -> ShowcaseOptions.parse("--orders", "-3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--orders must be >= 0 but was -3")
                .hasMessageContaining("usage:");
        assertThatThrownBy(() -> ShowcaseOptions.parse("--port", "abc"))
                .hasMessageContaining("--port must be a number but was 'abc'");
        assertThatThrownBy(() -> ShowcaseOptions.parse("--orders"))
                .hasMessageContaining("--orders needs a value");
        assertThatThrownBy(() -> ShowcaseOptions.parse("--ordres", "4"))
                .hasMessageContaining("unknown argument '--ordres'");
    }

    @Test
    void simulation_isDeterministic_soARestartedStepDecidesTheSame() {
        assertThat(Catalogue.line(17, 400, 4)).isEqualTo(Catalogue.line(17, 400, 4));
        assertThat(Catalogue.chance("o-000017", "pay", 2)).isEqualTo(Catalogue.chance("o-000017", "pay", 2));
        assertThat(Catalogue.chance("o-000017", "pay", 1)).isNotEqualTo(Catalogue.chance("o-000017", "pay", 2));
        long hot = java.util.stream.IntStream.rangeClosed(1, 1000)
                .filter(i -> Catalogue.line(i, 400, 4).sku().compareTo("sku-0040") < 0).count();
        assertThat(hot).as("orders for the 40 hottest of 400 products").isGreaterThan(300);
    }
}
