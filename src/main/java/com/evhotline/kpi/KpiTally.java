package com.evhotline.kpi;

import com.evhotline.kpi.KpiCatalog.Definition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one period or bucket, added up from the per-day counts, and folded into figures. */
final class KpiTally {

    private static final String NUMERATOR = "NUMERATOR";
    private static final String DENOMINATOR = "DENOMINATOR";

    private final Map<String, Map<String, Long>> marks = new HashMap<>();
    private final Map<String, Double> amounts = new HashMap<>();
    private final Map<String, Map<String, Long>> reasons = new HashMap<>();

    void add(KpiQueries.Count c) {
        marks.computeIfAbsent(c.key(), k -> new TreeMap<>()).merge(c.mark(), c.n(), Long::sum);
        if (c.amount() != null && NUMERATOR.equals(c.mark())) {
            amounts.merge(c.key(), c.amount(), Double::sum);
        }
        if (c.reason() != null) {
            reasons.computeIfAbsent(c.key(), k -> new HashMap<>()).merge(c.reason(), c.n(), Long::sum);
        }
    }

    /** Every figure of the catalogue, in its order. */
    List<KpiFigure> figures() {
        return KpiCatalog.all().stream().map(this::figure).toList();
    }

    KpiFigure figure(Definition d) {
        Map<String, Long> m = marks.getOrDefault(d.key(), Map.of());
        long numerator = m.getOrDefault(NUMERATOR, 0L);
        Map<String, Long> leftOut = new LinkedHashMap<>(m);
        leftOut.remove(NUMERATOR);
        leftOut.remove(DENOMINATOR);
        return switch (d.kind()) {
            case RATE -> {
                long denominator = numerator + m.getOrDefault(DENOMINATOR, 0L);
                yield new KpiFigure(d.key(), denominator == 0 ? null : (double) numerator / denominator, d.target(),
                        numerator, denominator, d.unit(), leftOut, null);
            }
            case AVERAGE -> {
                double days = amounts.getOrDefault(d.key(), 0.0);
                yield new KpiFigure(d.key(), numerator == 0 ? null : days / numerator, d.target(), days, numerator,
                        d.unit(), leftOut, null);
            }
            case COUNT -> {
                long count = m.values().stream().mapToLong(Long::longValue).sum();
                yield new KpiFigure(d.key(), (double) count, d.target(), count, null, d.unit(), null, reasons(d.key()));
            }
        };
    }

    private List<KpiFigure.Reason> reasons(String key) {
        List<KpiFigure.Reason> out = new ArrayList<>();
        reasons.getOrDefault(key, Map.of()).forEach((reason, n) -> out.add(new KpiFigure.Reason(reason, n)));
        out.sort(Comparator.comparingLong(KpiFigure.Reason::count).reversed().thenComparing(KpiFigure.Reason::reason));
        return out;
    }
}
