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

    /**
     * The rows a call writes in the background: the CDR reconciliation may settle an earlier test's call (and open
     * its ticket) at any minute. A refused request writes no call, so those rows are not counted.
     */
    private static final Map<String, String> NOT_OF_CALLS = Map.of(
            "ticket", "NOT EXISTS (SELECT 1 FROM call_record c WHERE c.ticket_id = x.id)",
            "customer", "NOT EXISTS (SELECT 1 FROM call_record c WHERE c.caller_number = x.phone)",
            "follow_up_attempt", "true");

    /** The row count of every table a request may write to, leaving out what calls write. */
    public static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : WRITTEN_BY_REQUESTS) {
            String where = NOT_OF_CALLS.getOrDefault(table, hasTicket(table)
                    ? "NOT EXISTS (SELECT 1 FROM call_record c WHERE c.ticket_id = x.ticket_id)" : "true");
            counts.put(table, Api.queryLong("SELECT count(*) FROM " + table + " x WHERE " + where));
        }
        return counts;
    }

    private static boolean hasTicket(String table) {
        return List.of("ticket_event", "deadline", "exemption", "dispatch_notice", "ticket_reply", "follow_up")
                .contains(table);
    }

    /** Fails, naming the tables, when any count moved since {@code before}. */
    public static void assertNothingWrittenSince(Map<String, Long> before) {
        assertEquals(before, counts(), "a refused request wrote rows");
    }
}
