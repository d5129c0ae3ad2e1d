package com.evhotline.kpi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure {@code GET /api/kpi} answers, in the order it answers them, with its target from the
 * specification (6.1.3 and 6.1.4): rates as fractions, handling times in days.
 */
public final class KpiCatalog {

    /** How a figure is folded from the counted items. */
    public enum Kind {
        /** items marked NUMERATOR over those marked NUMERATOR or DENOMINATOR; the other marks are left out. */
        RATE,
        /** the items' amounts (days) summed over the items marked NUMERATOR; the other marks are left out. */
        AVERAGE,
        /** every item listed under the key. */
        COUNT
    }

    /** One figure: its key, how it folds, its target (null: none) and the unit of its value. */
    public record Definition(String key, Kind kind, Double target) {

        public String unit() {
            return switch (kind) {
                case RATE -> "ratio";
                case AVERAGE -> "days";
                case COUNT -> "count";
            };
        }

        /**
         * How an item with {@code mark} counts here: COUNTED (every item of a count), NUMERATOR (in both
         * numerator and denominator), DENOMINATOR (in the denominator only) or LEFT_OUT (its mark says why).
         */
        public String counted(String mark) {
            if (kind == Kind.COUNT) {
                return "COUNTED";
            }
            return "NUMERATOR".equals(mark) || "DENOMINATOR".equals(mark) ? mark : "LEFT_OUT";
        }
    }

    /** The rescue distance bands, in the order of the ticket's {@code distance_band}. */
    public static final List<String> BANDS = List.of("URBAN", "COUNTY", "REGION", "PROVINCE", "OUT_OF_PROVINCE");

    /** The band under which the arrivals of rescues with no distance band on record are counted. */
    public static final String NO_BAND = "UNKNOWN";

    /** The prefix of the 24 hourly answer rates. */
    public static final String BY_HOUR = "answerRateByHour";

    private static final Map<String, Definition> ALL = build();

    private KpiCatalog() {
    }

    public static List<Definition> all() {
        return List.copyOf(ALL.values());
    }

    /** The definition of a key, or null when there is no such figure. */
    public static Definition find(String key) {
        return ALL.get(key);
    }

    /** The key of the answer rate of the calls received in one local hour of the day (0-23). */
    public static String byHour(int hour) {
        return String.format(Locale.ROOT, "%s.%02d", BY_HOUR, hour);
    }

    private static Map<String, Definition> build() {
        List<Definition> d = new ArrayList<>();
        d.add(new Definition("calls", Kind.COUNT, null));
        d.add(new Definition("tickets", Kind.COUNT, null));
        // item 7: every call in office hours is answered, so none is missed or abandoned
        d.add(new Definition("officeHoursAnswerRate", Kind.RATE, 1.0));
        d.add(new Definition("missedCallsOfficeHours", Kind.COUNT, 0.0));
        d.add(new Definition("missedCallsAfterHours", Kind.COUNT, null));
        d.add(new Definition("abandonedCalls", Kind.COUNT, null));
        d.add(new Definition("abandonedCallsOfficeHours", Kind.COUNT, 0.0));
        d.add(new Definition("abandonedCallsAfterHours", Kind.COUNT, null));
        // every call by the local hour it came in, forwarded ones answered: where the gaps of the day are
        for (int hour = 0; hour < 24; hour++) {
            d.add(new Definition(byHour(hour), Kind.RATE, null));
        }
        for (String kind : List.of("reply", "dispatch")) {
            d.add(new Definition(kind + "OnTimeRate", Kind.RATE, 1.0));
            d.add(new Definition(kind + "OnTimeRateDay", Kind.RATE, 1.0));
            d.add(new Definition(kind + "OnTimeRateNight", Kind.RATE, 1.0));
        }
        d.add(new Definition("noticeAckOnTimeRate", Kind.RATE, 1.0));
        d.add(new Definition("arrivalOnTimeRate", Kind.RATE, 1.0));
        for (String band : BANDS) {
            d.add(new Definition("arrivalOnTimeRate." + band, Kind.RATE, 1.0));
        }
        // shown so the bands add up to the whole and a missing band is seen; the source sets no target without a band
        d.add(new Definition("arrivalOnTimeRate." + NO_BAND, Kind.RATE, null));
        d.add(new Definition("majorIncidents", Kind.COUNT, null));
        d.add(new Definition("majorIncidentLeadersReachedRate", Kind.RATE, 1.0));
        d.add(new Definition("avgHandlingDaysGeneral", Kind.AVERAGE, 3.0));
        d.add(new Definition("avgHandlingDaysMajor", Kind.AVERAGE, 1.0));
        d.add(new Definition("vehicleRegisterCompleteness", Kind.RATE, 1.0));
        d.add(new Definition("exemptions", Kind.COUNT, null));
        d.add(new Definition("withdrawals", Kind.COUNT, null));
        // 6.1.3: a ticket's latest follow-up counts with the ticket, on the day it was received: reached over those
        // owed; and of the customers reached, those satisfied (a score of 4 or 5 out of 5)
        d.add(new Definition("followUpRate", Kind.RATE, 0.98));
        d.add(new Definition("satisfactionRate", Kind.RATE, 0.95));
        // 6.1.3: tickets whose caller is on record (a name, or the ticket's VIN), of those with a number to keep it by
        d.add(new Definition("customerRecordRate", Kind.RATE, 0.97));
        // 6.1.3: of the tickets resolved at least once (inquiries aside), those never reopened
        d.add(new Definition("firstTimeFixRate", Kind.RATE, 1.0));
        Map<String, Definition> byKey = new LinkedHashMap<>();
        d.forEach(x -> byKey.put(x.key(), x));
        return Collections.unmodifiableMap(byKey);
    }
}
