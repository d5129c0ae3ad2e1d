package com.evhotline.station;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The channels a station wants its work-instruction notices on (beside the web inbox), instead of the
 * configured plan: any of SMS, EMAIL and VOICE, in that order; none named means the plan.
 */
public final class StationChannels {

    public static final List<String> ALL = List.of("SMS", "EMAIL", "VOICE");

    private StationChannels() {
    }

    /** The channels as kept (null: the plan); throws IllegalArgumentException naming what is wrong. */
    public static String[] of(List<String> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        Set<String> named = new LinkedHashSet<>();
        for (String g : given) {
            String c = g == null ? "" : g.trim().toUpperCase(Locale.ROOT);
            if (!ALL.contains(c)) {
                throw new IllegalArgumentException("'" + g + "' is not a channel; name SMS, EMAIL or VOICE");
            }
            named.add(c);
        }
        List<String> ordered = new ArrayList<>(ALL);
        ordered.retainAll(named);
        return ordered.toArray(String[]::new);
    }

    /** As a CSV cell writes them: {@code SMS+EMAIL}. */
    public static String[] parse(String cell) {
        return cell == null || cell.isBlank() ? null : of(List.of(cell.split("\\+")));
    }
}
