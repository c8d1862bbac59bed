package dev.foundation.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a JMH JSON result file and prints each Foundation result beside its anchors as a ratio.
 *
 * <p>Pairs are found by name: {@code Class.foundation_<case>} against every {@code Class.<anchor>_<case>}
 * with the same parameters. For sample-time benchmarks the p50 and p99 of the samples are printed too. The ratio is always "Foundation's throughput / the anchor's throughput"
 * (for time-per-operation modes the inverse of the score ratio), so above 1 means Foundation is faster.
 */
public final class Report {

    private Report() {
    }

    /** One JMH result row. */
    private record Row(String benchmarkClass, String impl, String caseName, String params, String mode,
                       double score, double error, String unit, Map<String, Double> percentiles) {

        double throughputLike() {
            return mode.equals("thrpt") ? score : 1.0 / score;
        }
    }

    /**
     * Entry point.
     *
     * @param args the JMH JSON result file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <jmh-result.json>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, List<Row>> byCase = new TreeMap<>();
        for (JsonNode r : results) {
            String full = r.get("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            String method = full.substring(dot + 1);
            int us = method.indexOf('_');
            String impl = us < 0 ? method : method.substring(0, us);
            String caseName = us < 0 ? method : method.substring(us + 1);
            StringBuilder params = new StringBuilder();
            if (r.has("params")) {
                r.get("params").properties().forEach(p -> params.append(params.length() == 0 ? "" : ",")
                        .append(p.getKey()).append('=').append(p.getValue().asText()));
            }
            JsonNode pm = r.get("primaryMetric");
            Map<String, Double> pct = new LinkedHashMap<>();
            if (r.get("mode").asText().equals("sample") && pm.has("scorePercentiles")) {
                for (String p : List.of("50.0", "99.0")) {
                    if (pm.get("scorePercentiles").has(p)) {
                        pct.put(p, pm.get("scorePercentiles").get(p).asDouble());
                    }
                }
            }
            Row row = new Row(cls, impl, caseName, params.toString(), r.get("mode").asText(),
                    pm.get("score").asDouble(), pm.get("scoreError").asDouble(), pm.get("scoreUnit").asText(), pct);
            byCase.computeIfAbsent(cls + "." + caseName + (params.length() == 0 ? "" : " [" + params + "]"),
                    k -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Row>> e : byCase.entrySet()) {
            System.out.println(e.getKey());
            Row foundation = null;
            for (Row row : e.getValue()) {
                String pcts = row.percentiles().isEmpty() ? "" : String.format(Locale.ROOT, "  p50=%.3f p99=%.3f %s",
                        row.percentiles().getOrDefault("50.0", Double.NaN),
                        row.percentiles().getOrDefault("99.0", Double.NaN), row.unit());
                System.out.printf(Locale.ROOT, "  %-22s %14.3f ± %.3f %s%s%n", row.impl(), row.score(),
                        Double.isNaN(row.error()) ? 0.0 : row.error(), row.unit(), pcts);
                if (row.impl().equals("foundation")) {
                    foundation = row;
                }
            }
            if (foundation != null) {
                for (Row anchor : e.getValue()) {
                    if (anchor != foundation) {
                        System.out.printf(Locale.ROOT, "  foundation / %s = %.2f%n", anchor.impl(),
                                foundation.throughputLike() / anchor.throughputLike());
                    }
                }
            }
        }
    }
}
