package dev.foundation.examples.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void box_fitsSixDigitCounts_andWrapsLongerValues_keepingEveryLineTheSameWidth() {
        List<String[]> rows = List.of(
                new String[] {"orders placed", "123456 (123456 this run), 123456 with a workflow, 0 without"},
                new String[] {"workflows", "completed 999999, compensated 999999, failed 999999, running 999999"},
                new String[] {"cache hit rate per tier", "L1 97% (999999/999999)  L2 40% (999999/999999)  L3 100% (999999/999999)"},
                new String[] {"reconciliations by", "0123abcd-reconciler-1 123456  4567cdef-reconciler-2 123456  "
                        + "89abcdef-reconciler-3 123456  fedcba98-reconciler-4 123456"});
        List<String> lines = Summary.box("showcase summary", rows);

        assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
        assertThat(lines.get(0)).contains(" showcase summary ").startsWith("+-").endsWith("-+");
        assertThat(lines.get(lines.size() - 1)).matches("\\+-+\\+");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("completed 999999, compensated 999999, failed 999999,"
                + " running 999999"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("L3 100% (999999/999999)"));
        // the fourth row is longer than the column: it continues on a row with an empty label, no word is lost
        assertThat(lines).hasSize(2 + 5);
        String joined = String.join(" ", lines.subList(4, 6)).replaceAll("[|]", " ").replaceAll(" +", " ");
        assertThat(joined).contains("0123abcd-reconciler-1 123456 4567cdef-reconciler-2 123456 89abcdef-reconciler-3"
                + " 123456 fedcba98-reconciler-4 123456");
        assertThat(lines.get(5)).startsWith("| " + " ".repeat(Summary.LABEL) + " | ");
    }
}
