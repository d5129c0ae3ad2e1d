package com.evhotline.kpi;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The figures of March 2049 (no other test uses 2049), seeded at their edges and checked against sums done by
 * hand. Mon 1 to Fri 5 and the make-up Saturday 6 are working days, Wednesday 3 a holiday; office hours
 * 08:30-17:30 in Asia/Shanghai. The tickets, in order:
 * <ul>
 * <li>T1 GENERAL_QUALITY Mon 10:00 (DAY): replied, notice issued and acknowledged in time; resolved Wed 10:00
 * (2 days); reopened on 1 April, after the period, and replied in time again.
 * <li>T2 COMPLAINT Mon 11:00 (DAY), the caller's name taken: replied late; its notice exempted; resolved Fri 11:00
 * (4 days).
 * <li>T5 GENERAL_QUALITY Tue 23:59:59 (NIGHT): made an INQUIRY, so its notice is withdrawn; replied in time.
 * <li>T3 GENERAL_QUALITY Wed 10:00, a holiday (NIGHT): nothing done; reply and notice breach.
 * <li>T4 INQUIRY Sat 10:00, the make-up day (DAY), with the car's VIN: replied in time.
 * <li>T6 RESCUE Wed 31 20:00 (NIGHT), out of province: replied, notice issued and acknowledged in time, vehicle
 * registered, the caller's name learnt later; its arrival (2 days) still running.
 * </ul>
 * The calls, on a ticket of February, fall either side of midnight and of office hours' opening and closing.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiArithmeticTest {

    private static final String MARCH_FROM = "2049-03-01";
    private static final String MARCH_TO = "2049-03-31";

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private String sup;
    private String stationUser;
    private long station;
    private long t1;

    private void at(String localTime) {
        clock.set("2049-" + localTime + "+08:00");
    }

    private long open(String category) {
        return open(category, Map.of());
    }

    private long open(String category, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("callerNumber", Numbers.national());
        body.put("category", category);
        return as(sup).body(body).post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private void reply(long ticket) {
        as(sup).body(Map.of("channel", "PHONE", "text", "we are on it")).post("/api/tickets/" + ticket + "/replies")
                .then().statusCode(201);
    }

    private long dispatch(long ticket, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("stationId", station);
        body.put("instruction", "Look at the car");
        return as(sup).body(body).post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract()
                .jsonPath().getLong("id");
    }

    private void resolve(long ticket) {
        as(sup).body(Map.of("resolution", "fixed")).post("/api/tickets/" + ticket + "/resolve").then().statusCode(200);
    }

    private boolean officeHours(String localTime) {
        return as(sup).queryParam("at", "2049-" + localTime + "+08:00").get("/api/calendar/shift").then()
                .statusCode(200).extract().jsonPath().getBoolean("officeHours");
    }

    /** A call as the PBX records it, its office hours as the service's calendar has them. */
    private void call(long onTicket, String localTime, String outcome, boolean expectedOfficeHours) throws SQLException {
        boolean office = officeHours(localTime);
        assertEquals(expectedOfficeHours, office, "office hours at " + localTime);
        String started = "'2049-" + localTime + "+08:00'";
        boolean answered = outcome.equals("ANSWERED") || outcome.equals("FORWARDED");
        // on a ticket outside the period, its outcome applied: the reconciler leaves it alone
        Api.execute("INSERT INTO call_record (linked_id, ticket_id, started_at, answered_at, ended_at, outcome,"
                + " office_hours, outcome_applied) VALUES ('kpi-2049-" + System.nanoTime() + "', " + onTicket + ", "
                + started + ", " + (answered ? started : "NULL") + ", " + started + "::timestamptz + interval '1 minute', '"
                + outcome + "', " + office + ", true)");
    }

    /** Seeds once, before the first test (REST Assured knows the port only per test). */
    @BeforeEach
    void seed() throws SQLException {
        if (sup != null) {
            return;
        }
        sup = Api.user("supervisor");
        at("02-01T09:00:00");
        station = Api.asAdmin().body(Map.of("code", "KPI" + System.nanoTime() % 1_000_000_000L, "name", "KPI station",
                "region", "KPI-" + System.nanoTime())).post("/api/stations").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        stationUser = Api.user(Map.of("stationId", station), "station");
        for (String[] day : new String[][] {{"2049-03-03", "HOLIDAY"}, {"2049-03-06", "WORKDAY"}}) {
            Api.asAdmin().body(Map.of("date", day[0], "type", day[1])).post("/api/calendar/days").then().statusCode(200);
        }
        long host = open("INQUIRY"); // February: outside the period
        call(host, "03-01T08:29:59", "ANSWERED", false);
        call(host, "03-01T08:30:00", "MISSED", true);
        call(host, "03-01T10:00:00", "ANSWERED", true);
        call(host, "03-01T12:00:00", "ABANDONED", true);
        call(host, "03-01T17:00:00", "FORWARDED", true);
        call(host, "03-01T17:29:59", "MISSED", true);
        call(host, "03-01T17:30:00", "ANSWERED", false);
        call(host, "03-02T23:59:59", "MISSED", false);
        call(host, "03-03T00:00:00", "ABANDONED", false);
        call(host, "03-03T10:00:00", "MISSED", false);
        call(host, "03-06T10:00:00", "ANSWERED", true);

        at("03-01T10:00:00");
        t1 = open("GENERAL_QUALITY");
        at("03-01T10:10:00");
        reply(t1);
        at("03-01T10:20:00");
        long n1 = dispatch(t1, Map.of());
        at("03-01T10:30:00");
        as(stationUser).post("/api/notices/" + n1 + "/ack").then().statusCode(200);

        at("03-01T11:00:00");
        long t2 = open("COMPLAINT", Map.of("customerName", "Li Lei"));
        at("03-01T11:45:00");
        reply(t2);
        as(sup).body(Map.of("kind", "DISPATCH", "reason", "Accident beyond first-hand handling"))
                .post("/api/tickets/" + t2 + "/exemptions").then().statusCode(201);

        at("03-02T23:59:59");
        long t5 = open("GENERAL_QUALITY");
        at("03-03T00:10:00");
        as(sup).body(Map.of("category", "INQUIRY", "reason", "Only a question")).patch("/api/tickets/" + t5)
                .then().statusCode(200);
        at("03-03T00:20:00");
        reply(t5);

        at("03-03T10:00:00");
        resolve(t1);
        long t3 = open("GENERAL_QUALITY");
        as(sup).get("/api/tickets/" + t3).then().body("shift", equalTo("NIGHT"));
        at("03-03T12:30:00");
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));

        at("03-05T11:00:00");
        resolve(t2);

        at("03-06T10:00:00");
        long t4 = open("INQUIRY", Map.of("vin", String.format("LKPA%013d", System.nanoTime() % 10_000_000_000_000L)));
        as(sup).get("/api/tickets/" + t4).then().body("shift", equalTo("DAY"));
        at("03-06T10:05:00");
        reply(t4);

        at("03-31T20:00:00");
        long t6 = open("RESCUE");
        at("03-31T20:10:00");
        reply(t6);
        at("03-31T20:15:00");
        as(sup).body(Map.of("customerName", "Wang Fang")).patch("/api/tickets/" + t6).then().statusCode(200);
        at("03-31T20:20:00");
        long n6 = dispatch(t6, Map.of("distanceBand", "OUT_OF_PROVINCE"));
        at("03-31T20:25:00");
        as(stationUser).post("/api/notices/" + n6 + "/ack").then().statusCode(200);
        at("03-31T20:40:00");
        as(sup).body(Map.of("plate", "粤B12345", "crew", List.of("Wang Wei"), "departedAt", "2049-03-31T20:30:00+08:00"))
                .post("/api/tickets/" + t6 + "/vehicle-trips").then().statusCode(201);
        at("03-31T23:00:00");
    }

    private JsonPath kpi(String groupBy) {
        var request = as(sup).queryParam("from", MARCH_FROM).queryParam("to", MARCH_TO);
        if (groupBy != null) {
            request.queryParam("groupBy", groupBy);
        }
        return request.get("/api/kpi").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> figure(JsonPath j, String path, String key) {
        Map<String, Object> f = j.getMap(path + ".find { it.key == '" + key + "' }");
        org.junit.jupiter.api.Assertions.assertNotNull(f, key);
        return f;
    }

    /** A rate: its numerator, denominator, value, and what it leaves out. */
    private static void rate(JsonPath j, String key, long numerator, long denominator, Map<String, Integer> leftOut) {
        Map<String, Object> f = figure(j, "figures", key);
        assertEquals(numerator, ((Number) f.get("numerator")).longValue(), key + " numerator");
        assertEquals(denominator, ((Number) f.get("denominator")).longValue(), key + " denominator");
        if (denominator == 0) {
            assertNull(f.get("value"), key + " value");
        } else {
            assertEquals((double) numerator / denominator, ((Number) f.get("value")).doubleValue(), 1e-6, key);
        }
        assertEquals(leftOut, f.getOrDefault("leftOut", Map.of()), key + " left out");
    }

    private static void count(JsonPath j, String path, String key, long expected) {
        assertEquals(expected, ((Number) figure(j, path, key).get("value")).longValue(), key);
    }

    @Test
    @Order(1)
    void everyFigureOfTheMonthIsTheSumDoneByHand() {
        JsonPath j = kpi(null);
        assertEquals("2049-03-01T00:00:00+08:00", j.getString("from"));
        assertEquals("2049-04-01T00:00:00+08:00", j.getString("to"));

        count(j, "figures", "calls", 11);
        // office hours: 08:30:00 missed, 10:00 answered, 12:00 abandoned, 17:00 forwarded, 17:29:59 missed, make-up
        // Saturday answered; 08:29:59 and 17:30:00 are outside them
        rate(j, "officeHoursAnswerRate", 3, 6, Map.of());
        count(j, "figures", "missedCallsOfficeHours", 2); // 08:30:00 and 17:29:59
        count(j, "figures", "missedCallsAfterHours", 2); // 23:59:59 and the holiday
        count(j, "figures", "abandonedCalls", 2);
        count(j, "figures", "abandonedCallsOfficeHours", 1);
        count(j, "figures", "abandonedCallsAfterHours", 1); // 00:00:00
        // every call by its local hour, in and out of office hours, forwarded counting as answered
        rate(j, "answerRateByHour.08", 1, 2, Map.of()); // 08:29:59 answered, 08:30:00 missed
        rate(j, "answerRateByHour.10", 2, 3, Map.of()); // two answered, the holiday's missed
        rate(j, "answerRateByHour.12", 0, 1, Map.of());
        rate(j, "answerRateByHour.17", 2, 3, Map.of()); // 17:00 forwarded, 17:29:59 missed, 17:30:00 answered
        rate(j, "answerRateByHour.23", 0, 1, Map.of()); // 23:59:59 is the last hour of its day
        rate(j, "answerRateByHour.00", 0, 1, Map.of()); // 00:00:00 the first of the next
        rate(j, "answerRateByHour.09", 0, 0, Map.of());

        count(j, "figures", "tickets", 6);
        rate(j, "replyOnTimeRate", 4, 6, Map.of()); // T2 late, T3 breached
        rate(j, "replyOnTimeRateDay", 2, 3, Map.of());
        rate(j, "replyOnTimeRateNight", 2, 3, Map.of());
        rate(j, "dispatchOnTimeRate", 2, 3, Map.of("EXEMPT", 1, "WITHDRAWN", 1));
        rate(j, "dispatchOnTimeRateDay", 1, 1, Map.of("EXEMPT", 1));
        rate(j, "dispatchOnTimeRateNight", 1, 2, Map.of("WITHDRAWN", 1));
        rate(j, "noticeAckOnTimeRate", 2, 2, Map.of());
        rate(j, "arrivalOnTimeRate", 0, 0, Map.of("PENDING", 1));
        rate(j, "arrivalOnTimeRate.OUT_OF_PROVINCE", 0, 0, Map.of("PENDING", 1));
        rate(j, "arrivalOnTimeRate.URBAN", 0, 0, Map.of());
        rate(j, "vehicleRegisterCompleteness", 1, 1, Map.of());
        count(j, "figures", "majorIncidents", 0);
        rate(j, "majorIncidentLeadersReachedRate", 0, 0, Map.of());

        // T1 2 days, T2 4 days; T3 still open; T5 became an inquiry
        Map<String, Object> general = figure(j, "figures", "avgHandlingDaysGeneral");
        assertEquals(3.0, ((Number) general.get("value")).doubleValue(), 1e-6);
        assertEquals(6.0, ((Number) general.get("numerator")).doubleValue(), 1e-6);
        assertEquals(2, ((Number) general.get("denominator")).intValue());
        assertEquals(3.0, ((Number) general.get("target")).doubleValue());
        assertEquals(Map.of("UNRESOLVED", 1), general.get("leftOut"));
        assertNull(figure(j, "figures", "avgHandlingDaysMajor").get("value"));

        count(j, "figures", "exemptions", 1);
        assertEquals(List.of(Map.of("reason", "Accident beyond first-hand handling", "count", 1)),
                figure(j, "figures", "exemptions").get("reasons"));
        count(j, "figures", "withdrawals", 1);
        assertEquals(List.of(Map.of("reason", "Only a question", "count", 1)),
                figure(j, "figures", "withdrawals").get("reasons"));

        rate(j, "followUpRate", 0, 2, Map.of()); // T1's and T2's follow-up calls, past due and not made
        rate(j, "satisfactionRate", 0, 0, Map.of());
        assertEquals(0.98, ((Number) figure(j, "figures", "followUpRate").get("target")).doubleValue(), 1e-6);
        assertEquals(0.95, ((Number) figure(j, "figures", "satisfactionRate").get("target")).doubleValue(), 1e-6);

        rate(j, "customerRecordRate", 3, 6, Map.of()); // T2's name, T4's VIN, T6's name learnt later; the rest a number
        rate(j, "firstTimeFixRate", 2, 2, Map.of("UNRESOLVED", 2)); // T1 and T2; T3 and T6 open; inquiries aside
        assertEquals(0.97, ((Number) figure(j, "figures", "customerRecordRate").get("target")).doubleValue(), 1e-6);
        assertEquals(1.0, ((Number) figure(j, "figures", "firstTimeFixRate").get("target")).doubleValue(), 1e-6);
    }

    @Test
    @Order(2)
    void aCallAtMidnightBelongsToTheDayItStartsAndWeeksStartOnMonday() {
        JsonPath days = kpi("day");
        assertEquals(31, days.getList("buckets").size());
        assertEquals("2049-03-02T00:00:00+08:00", days.getString("buckets[1].from"));
        count(days, "buckets[1].figures", "missedCallsAfterHours", 1); // 23:59:59
        count(days, "buckets[1].figures", "abandonedCalls", 0);
        count(days, "buckets[2].figures", "abandonedCallsAfterHours", 1); // 00:00:00
        count(days, "buckets[2].figures", "missedCallsAfterHours", 1); // the holiday's
        count(days, "buckets[1].figures", "tickets", 1); // T5 at 23:59:59
        count(days, "buckets[2].figures", "tickets", 1); // T3

        JsonPath weeks = kpi("week");
        assertEquals(5, weeks.getList("buckets").size());
        assertEquals("2049-03-08T00:00:00+08:00", weeks.getString("buckets[0].to"));
        count(weeks, "buckets[0].figures", "tickets", 5);
        assertEquals("2049-04-01T00:00:00+08:00", weeks.getString("buckets[4].to"));
        count(weeks, "buckets[4].figures", "tickets", 1);
    }

    @Test
    @Order(3)
    void theDrillDownListsWhatAFigureCountsAndHow() {
        JsonPath items = as(sup).queryParam("from", MARCH_FROM).queryParam("to", MARCH_TO)
                .get("/api/kpi/replyOnTimeRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(6, items.getInt("total"));
        assertEquals(List.of("NUMERATOR", "DENOMINATOR", "NUMERATOR", "DENOMINATOR", "NUMERATOR", "NUMERATOR"),
                items.getList("items.counted"));
        assertEquals("met late", items.getString("items[1].detail"));
        assertEquals("past due, still owed", items.getString("items[3].detail"));

        JsonPath page = as(sup).queryParam("from", MARCH_FROM).queryParam("to", MARCH_TO).queryParam("size", 2)
                .queryParam("page", 1).get("/api/kpi/officeHoursAnswerRate/items").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(6, page.getInt("total"));
        assertEquals(List.of("ABANDONED", "FORWARDED"), page.getList("items.what"));
        assertEquals(List.of("DENOMINATOR", "NUMERATOR"), page.getList("items.counted"));

        as(sup).get("/api/kpi/noSuchFigure/items").then().statusCode(404);
        as(sup).queryParam("size", 201).get("/api/kpi/calls/items").then().statusCode(400);
    }

    @Test
    @Order(4)
    void aTicketReopenedAfterThePeriodCountsWithItsPeriodAsItStandsNow() {
        at("04-01T10:00:00");
        as(sup).body(Map.of("reason", "the fault came back")).post("/api/tickets/" + t1 + "/reopen").then()
                .statusCode(200);
        at("04-01T10:10:00");
        reply(t1);
        at("04-01T11:00:00");

        JsonPath j = kpi(null);
        rate(j, "replyOnTimeRate", 5, 7, Map.of()); // T1's new reply, in time
        rate(j, "replyOnTimeRateDay", 3, 4, Map.of());
        Map<String, Object> general = figure(j, "figures", "avgHandlingDaysGeneral");
        assertEquals(4.0, ((Number) general.get("value")).doubleValue(), 1e-6); // T2 alone: T1 is open again
        assertEquals(Map.of("UNRESOLVED", 2), general.get("leftOut"));
        count(j, "figures", "tickets", 6);
        rate(j, "followUpRate", 0, 1, Map.of("CANCELLED", 1)); // T1's follow-up call, cancelled by the reopening
        rate(j, "firstTimeFixRate", 1, 2, Map.of("UNRESOLVED", 2)); // T1 reopened: its fix did not hold
    }

    @Test
    @Order(5)
    void aWithheldCallerHasNoRecordToKeepAndAFixThatNeededAReopeningIsNotAFirstTimeFix() throws SQLException {
        at("05-10T09:00:00");
        long m1 = open("GENERAL_QUALITY", Map.of("customerName", "Han Mei"));
        reply(m1);
        as(sup).body(Map.of("kind", "DISPATCH", "reason", "Fixed on the phone")).post("/api/tickets/" + m1 + "/exemptions")
                .then().statusCode(201);
        at("05-10T09:30:00");
        resolve(m1);
        at("05-10T11:00:00");
        as(sup).body(Map.of("reason", "the fault came back")).post("/api/tickets/" + m1 + "/reopen").then()
                .statusCode(200);
        reply(m1);
        at("05-10T12:00:00");
        resolve(m1);
        // as a withheld caller's call opens one: no number, so no customer
        Api.execute("INSERT INTO ticket (number, status, category, received_at, shift, office_hours, created_at,"
                + " updated_at) VALUES ('KPI-" + System.nanoTime() + "', 'OPEN', 'INQUIRY',"
                + " '2049-05-10T10:00:00+08:00', 'DAY', true, now(), now())");
        at("05-11T09:00:00");

        JsonPath j = as(sup).queryParam("from", "2049-05-10").queryParam("to", "2049-05-10").get("/api/kpi").then()
                .statusCode(200).extract().jsonPath();
        rate(j, "customerRecordRate", 1, 1, Map.of("NO_NUMBER", 1));
        rate(j, "firstTimeFixRate", 0, 1, Map.of()); // the inquiry is not a fix
        JsonPath records = as(sup).queryParam("from", "2049-05-10").queryParam("to", "2049-05-10")
                .get("/api/kpi/customerRecordRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NUMERATOR", "LEFT_OUT"), records.getList("items.counted"));
        assertEquals(List.of("name", "withheld number"), records.getList("items.detail"));
        JsonPath fixes = as(sup).queryParam("from", "2049-05-10").queryParam("to", "2049-05-10")
                .get("/api/kpi/firstTimeFixRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(m1), fixes.getList("items.ticketId", Long.class));
        assertEquals(List.of("DENOMINATOR"), fixes.getList("items.counted"));
        assertEquals("reopened once", fixes.getString("items[0].detail"));
    }

    @Test
    @Order(6)
    void aRescueWithNoBandOnRecordCountsUnderItsOwnFigureWithoutATarget() throws SQLException {
        at("06-10T10:00:00");
        long rescue = open("RESCUE");
        reply(rescue);
        dispatch(rescue, Map.of("distanceBand", "URBAN")); // its arrival due by 14:00
        Api.execute("UPDATE ticket SET distance_band = NULL WHERE id = " + rescue); // the band cleared by hand
        at("06-11T09:00:00");

        JsonPath j = as(sup).queryParam("from", "2049-06-10").queryParam("to", "2049-06-10").get("/api/kpi").then()
                .statusCode(200).extract().jsonPath();
        rate(j, "arrivalOnTimeRate", 0, 1, Map.of()); // past due, no vehicle arrived
        rate(j, "arrivalOnTimeRate.UNKNOWN", 0, 1, Map.of());
        rate(j, "arrivalOnTimeRate.URBAN", 0, 0, Map.of());
        assertNull(figure(j, "figures", "arrivalOnTimeRate.UNKNOWN").get("target"));
        JsonPath items = as(sup).queryParam("from", "2049-06-10").queryParam("to", "2049-06-10")
                .get("/api/kpi/arrivalOnTimeRate.UNKNOWN/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(rescue), items.getList("items.ticketId", Long.class));
        assertEquals("past due, still owed", items.getString("items[0].detail"));
    }
}
