package com.evhotline.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row counts of the tables a refused request must leave alone. Tests share one database, so they
 * compare counts before and after a refusal, never absolute numbers.
 */
public final class Tables {

    public static final List<String> WRITTEN_BY_REQUESTS = List.of("ticket", "ticket_event", "deadline", "exemption",
            "dispatch_notice", "ticket_reply", "follow_up", "follow_up_attempt", "customer", "vehicle", "staff", "app_user",
            "staff_role", "station");

    private Tables() {
    }

    /** The row count of every table a request may write to. */
    public static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : WRITTEN_BY_REQUESTS) {
            counts.put(table, Api.queryLong("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    /** Fails, naming the tables, when any count moved since {@code before}. */
    public static void assertNothingWrittenSince(Map<String, Long> before) {
        assertEquals(before, counts(), "a refused request wrote rows");
    }
}
