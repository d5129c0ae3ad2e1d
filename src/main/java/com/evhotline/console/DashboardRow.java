package com.evhotline.console;

import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiFigure;
import java.util.List;
import java.util.Locale;

/**
 * One figure as the dashboard's table shows it: its value, target, numerator and denominator formatted for its
 * kind (rates in percent, averages in days), what it leaves out by why, and whether it misses its target.
 * {@code base} and {@code band} split a rescue band's key ({@code arrivalOnTimeRate.URBAN}) for its name.
 */
public record DashboardRow(String key, String base, String band, String value, String target, String numerator,
        String denominator, boolean belowTarget, List<LeftOut> leftOut, List<KpiFigure.Reason> reasons) {

    /** How many items the figure leaves out for one why (PENDING, EXEMPT, ...). */
    public record LeftOut(String why, long n) {
    }

    static DashboardRow of(KpiFigure f) {
        KpiCatalog.Kind kind = KpiCatalog.find(f.key()).kind();
        int dot = f.key().indexOf('.');
        return new DashboardRow(f.key(), dot < 0 ? f.key() : f.key().substring(0, dot),
                dot < 0 ? null : f.key().substring(dot + 1), shown(kind, f.value()), target(kind, f.target()),
                shown(kind == KpiCatalog.Kind.RATE ? KpiCatalog.Kind.COUNT : kind, f.numerator()),
                f.denominator() == null ? null : String.valueOf(f.denominator().longValue()),
                missed(kind, f.value(), f.target()),
                f.leftOut() == null ? List.of()
                        : f.leftOut().entrySet().stream().map(e -> new LeftOut(e.getKey(), e.getValue())).toList(),
                f.reasons() == null ? List.of() : f.reasons());
    }

    /**
     * A rate misses its target when it is under it; an average (handling days) or a count (missed calls) when it
     * is over it. A figure with nothing decided misses nothing.
     */
    static boolean missed(KpiCatalog.Kind kind, Double value, Double target) {
        if (value == null || target == null) {
            return false;
        }
        return kind == KpiCatalog.Kind.RATE ? value < target : value > target;
    }

    private static String shown(KpiCatalog.Kind kind, Number n) {
        if (n == null) {
            return null;
        }
        return switch (kind) {
            case RATE -> BoardPanels.percent(n.doubleValue());
            case AVERAGE -> String.format(Locale.ROOT, "%.2f", n.doubleValue());
            case COUNT -> String.valueOf(n.longValue());
        };
    }

    private static String target(KpiCatalog.Kind kind, Double target) {
        if (target == null) {
            return null;
        }
        return switch (kind) {
            case RATE -> BoardPanels.percent(target);
            case AVERAGE, COUNT -> "≤ " + String.format(Locale.ROOT, "%.0f", target);
        };
    }
}
