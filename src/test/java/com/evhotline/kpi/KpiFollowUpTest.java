package com.evhotline.kpi;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The follow-up figures of March 2053 (no other test uses 2053), checked against sums done by hand. A follow-up
 * counts on the day its ticket was received (Asia/Shanghai), and only the latest resolution's; the figures are
 * read at 1 April 00:30. Each ticket is received when it is resolved, except F7's:
 * <ul>
 * <li>F0 28 Feb 23:59:59: reached on 1 March, score 1; February's, not March's.
 * <li>F1 2 Mar 10:00: reached, score 5. F2 3 Mar 10:00: reached, score 3 (not satisfied).
 * <li>F3 4 Mar 10:00: three calls, nobody answered: unreachable. F4 5 Mar 10:00: no call yet, past due.
 * <li>F6 6 Mar 10:00: the ticket has no number: not possible (and the ticket closes at once).
 * <li>F7 7 Mar 10:00: cancelled by a reopening at 16:00; resolved again 8 Mar 10:00 (F7b): reached, score 4;
 * F7b counts, on the 7th.
 * <li>F8 10 Mar 10:00: cancelled by a reopening, not resolved again.
 * <li>F5 31 Mar 23:59:59: due on 1 April 23:59:59, not yet due.
 * </ul>
 * So the follow-up rate is (F1, F2, F7b) / (those and F3, F4) = 3/5, leaving out one pending, one not possible and
 * one cancelled; satisfaction is (F1, F7b) / (F1, F2, F7b) = 2/3.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiFollowUpTest {

    @Inject
    TestClock clock;

    private String sup;

    private void at(String localTime) {
        clock.set("2053-" + localTime + "+08:00");
    }

    /** A ticket opened, answered and resolved at {@code localTime}; without a number to call if {@code withheld}. */
    private long resolved(String localTime, boolean withheld) throws SQLException {
        at(localTime);
        long id = as(sup).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        if (withheld) {
            Api.execute("UPDATE ticket SET caller_number = NULL WHERE id = " + id);
        }
        as(sup).body(Map.of("channel", "PHONE", "text", "explained")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(sup).body(Map.of("resolution", "explained")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        return id;
    }

    private void call(long id, String localTime, Map<String, Object> body) {
        at(localTime);
        as(sup).body(body).post("/api/tickets/" + id + "/follow-up").then().statusCode(200);
    }

    private static Map<String, Object> reached(int score) {
        return Map.of("reached", true, "satisfaction", score);
    }

    /** Seeds once, before the first test (REST Assured knows the port only per test). */
    @BeforeEach
    void seed() throws SQLException {
        if (sup != null) {
            return;
        }
        sup = Api.user("supervisor");
        long f0 = resolved("02-28T23:59:59", false);
        call(f0, "03-01T10:00:00", reached(1));
        long f1 = resolved("03-02T10:00:00", false);
        call(f1, "03-03T10:00:00", reached(5));
        long f2 = resolved("03-03T10:00:00", false);
        call(f2, "03-04T09:00:00", reached(3));
        long f3 = resolved("03-04T10:00:00", false);
        for (String t : List.of("03-05T10:00:00", "03-05T14:00:00", "03-05T18:00:00")) {
            call(f3, t, Map.of("reached", false));
        }
        resolved("03-05T10:00:00", false);
        resolved("03-06T10:00:00", true);
        long f7 = resolved("03-07T10:00:00", false);
        at("03-07T16:00:00");
        as(sup).body(Map.of("reason", "the noise came back")).post("/api/tickets/" + f7 + "/reopen").then().statusCode(200);
        at("03-08T09:50:00");
        as(sup).body(Map.of("channel", "PHONE", "text", "a technician comes")).post("/api/tickets/" + f7 + "/replies")
                .then().statusCode(201);
        at("03-08T10:00:00");
        as(sup).body(Map.of("resolution", "fixed")).post("/api/tickets/" + f7 + "/resolve").then().statusCode(200);
        call(f7, "03-09T10:00:00", reached(4));
        long f8 = resolved("03-10T10:00:00", false);
        at("03-10T16:00:00");
        as(sup).body(Map.of("reason", "it rattles again")).post("/api/tickets/" + f8 + "/reopen").then().statusCode(200);
        resolved("03-31T23:59:59", false);
        at("04-01T00:30:00");
    }

    private JsonPath kpi(String groupBy) {
        var request = as(sup).queryParam("from", "2053-03-01").queryParam("to", "2053-03-31");
        if (groupBy != null) {
            request.queryParam("groupBy", groupBy);
        }
        return request.get("/api/kpi").then().statusCode(200).extract().jsonPath();
    }

    private static void rate(JsonPath j, String path, String key, long numerator, long denominator,
            Map<String, Integer> leftOut) {
        Map<String, Object> f = j.getMap(path + ".find { it.key == '" + key + "' }");
        assertNotNull(f, key);
        assertEquals(numerator, ((Number) f.get("numerator")).longValue(), key + " numerator");
        assertEquals(denominator, ((Number) f.get("denominator")).longValue(), key + " denominator");
        if (denominator == 0) {
            assertNull(f.get("value"), key);
        } else {
            assertEquals((double) numerator / denominator, ((Number) f.get("value")).doubleValue(), 1e-6, key);
        }
        assertEquals(leftOut, f.getOrDefault("leftOut", Map.of()), key + " left out");
    }

    @Test
    void theFollowUpAndSatisfactionRatesAreTheSumsDoneByHand() {
        JsonPath j = kpi(null);
        rate(j, "figures", "followUpRate", 3, 5, Map.of("PENDING", 1, "NOT_POSSIBLE", 1, "CANCELLED", 1));
        rate(j, "figures", "satisfactionRate", 2, 3, Map.of());
        assertEquals(0.98, j.getDouble("figures.find { it.key == 'followUpRate' }.target"), 1e-6);
        assertEquals(0.95, j.getDouble("figures.find { it.key == 'satisfactionRate' }.target"), 1e-6);
    }

    @Test
    void aFollowUpCountsOnTheDayItsTicketWasReceivedAndOnlyItsLatestResolutionCounts() {
        JsonPath days = kpi("day");
        rate(days, "buckets[1].figures", "followUpRate", 1, 1, Map.of()); // F1, called on the 3rd
        rate(days, "buckets[1].figures", "satisfactionRate", 1, 1, Map.of());
        rate(days, "buckets[2].figures", "satisfactionRate", 0, 1, Map.of()); // F2's 3
        // F7's ticket, received on the 7th: its cancelled follow-up was superseded by F7b's, which counts
        rate(days, "buckets[6].figures", "followUpRate", 1, 1, Map.of());
        rate(days, "buckets[7].figures", "followUpRate", 0, 0, Map.of());
        rate(days, "buckets[9].figures", "followUpRate", 0, 0, Map.of("CANCELLED", 1)); // F8, reopened
        rate(days, "buckets[30].figures", "followUpRate", 0, 0, Map.of("PENDING", 1));
        rate(days, "buckets[0].figures", "followUpRate", 0, 0, Map.of()); // F0 belongs to February
        // 1 March is a Saturday: the first week is 1-2 March (F1), the second 3-9 March
        rate(kpi("week"), "buckets[1].figures", "followUpRate", 2, 4, Map.of("NOT_POSSIBLE", 1));
        rate(kpi("week"), "buckets[2].figures", "followUpRate", 0, 0, Map.of("CANCELLED", 1));
    }

    @Test
    void theDrillDownListsEachFollowUpAndHowItCounts() {
        JsonPath items = as(sup).queryParam("from", "2053-03-01").queryParam("to", "2053-03-31")
                .get("/api/kpi/followUpRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(8, items.getInt("total"));
        assertEquals(List.of("NUMERATOR", "NUMERATOR", "DENOMINATOR", "DENOMINATOR", "LEFT_OUT", "NUMERATOR", "LEFT_OUT",
                "LEFT_OUT"), items.getList("items.counted"));
        assertEquals(List.of("REACHED", "REACHED", "UNREACHABLE", "DUE", "NOT_POSSIBLE", "REACHED", "CANCELLED", "DUE"),
                items.getList("items.what"));
        assertEquals(List.of("FOLLOW_UP"), items.getList("items.item").stream().distinct().toList());
        assertEquals("2053-03-02T10:00:00+08:00", items.getString("items[0].receivedAt"));
        assertEquals("satisfaction 5", items.getString("items[0].detail"));
        assertEquals("not reached in 3 calls", items.getString("items[2].detail"));
        assertEquals("past due, not reached yet", items.getString("items[3].detail"));
        assertEquals("no number to call: the caller's number was withheld", items.getString("items[4].detail"));
        assertEquals("satisfaction 4", items.getString("items[5].detail")); // F7b, not F7's cancelled one
        assertEquals("it rattles again", items.getString("items[6].detail"));
        assertEquals(List.of("NOT_POSSIBLE", "CANCELLED", "PENDING"),
                List.of(items.getString("items[4].mark"), items.getString("items[6].mark"), items.getString("items[7].mark")));
        assertEquals("not due yet", items.getString("items[7].detail"));

        JsonPath scores = as(sup).queryParam("from", "2053-03-01").queryParam("to", "2053-03-31")
                .get("/api/kpi/satisfactionRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NUMERATOR", "DENOMINATOR", "NUMERATOR"), scores.getList("items.counted"));
        assertEquals(List.of("satisfaction 5", "satisfaction 3", "satisfaction 4"), scores.getList("items.detail"));
    }
}
