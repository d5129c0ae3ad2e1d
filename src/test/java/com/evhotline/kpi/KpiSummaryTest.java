package com.evhotline.kpi;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The figures of days the summary holds are the figures the items give, also after the records behind them
 * change: each case below summarises a day of 2059 (no other test uses that year), changes it the way the
 * service or the PBX does, and checks the figures by hand and against the items counted afresh. The clock is the
 * test clock; nothing sleeps.
 */
@QuarkusTest
class KpiSummaryTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    TestClock clock;

    @Inject
    KpiQueries queries;

    @Inject
    KpiService service;

    @Inject
    KpiSummaryRepository repository;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private String sup;
    private String stationUser;
    private long station;

    private void at(String localTime) {
        clock.set("2059-" + localTime + "+08:00");
    }

    @BeforeEach
    void people() {
        if (sup != null) {
            return;
        }
        sup = Api.user("supervisor");
        station = Api.asAdmin().body(Map.of("code", "SUM" + System.nanoTime() % 1_000_000_000L, "name", "Summary station",
                "region", "SUM-" + System.nanoTime())).post("/api/stations").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        stationUser = Api.user(Map.of("stationId", station), "station");
    }

    @Test
    void aReplyRecordedAfterItsDayWasSummarisedCountsAndALateOneStaysLate() {
        at("03-02T23:40:00");
        long a = open("GENERAL_QUALITY"); // NIGHT: reply due 00:40
        at("03-02T23:50:00");
        long b = open("GENERAL_QUALITY"); // reply due 00:50

        at("03-03T00:10:00");
        rate(day("03-02"), "replyOnTimeRate", 0, 0, Map.of("PENDING", 2));
        assertTrue(summarised("2059-03-02"), "the day is over and kept");
        assertEquals("2059-03-03T00:40:00+08:00", validUntil("2059-03-02"), "it holds until A's reply falls due");

        at("03-03T00:20:00");
        reply(a); // in time, after the day was summarised
        rate(day("03-02"), "replyOnTimeRate", 1, 1, Map.of("PENDING", 1));

        at("03-03T01:30:00");
        rate(day("03-02"), "replyOnTimeRate", 1, 2, Map.of()); // B fell due with nothing written
        at("03-03T01:35:00");
        reply(b); // late: it stays in the denominator only
        rate(day("03-02"), "replyOnTimeRate", 1, 2, Map.of());
        JsonPath items = as(sup).queryParam("from", "2059-03-02").queryParam("to", "2059-03-02")
                .get("/api/kpi/replyOnTimeRate/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NUMERATOR", "DENOMINATOR"), items.getList("items.counted"));
        assertEquals("met late", items.getString("items[1].detail"));
        assertSummaryIsTheItems("2059-03-01", "2059-03-31");
    }

    @Test
    void aTicketReopenedAfterItsPeriodCountsAsItStandsNow() {
        at("04-07T10:00:00");
        long c = open("COMPLAINT");
        at("04-07T10:05:00");
        reply(c);
        at("04-07T10:10:00");
        long notice = dispatch(c);
        at("04-07T10:15:00");
        as(stationUser).post("/api/notices/" + notice + "/ack").then().statusCode(200);
        at("04-08T10:00:00");
        as(sup).body(Map.of("resolution", "fixed")).post("/api/tickets/" + c + "/resolve").then().statusCode(200);

        at("04-09T09:00:00");
        JsonPath before = day("04-07");
        average(before, "avgHandlingDaysGeneral", 1.0, 1, Map.of());
        rate(before, "replyOnTimeRate", 1, 1, Map.of());
        assertTrue(summarised("2059-04-07"));

        at("04-20T10:00:00");
        as(sup).body(Map.of("reason", "the fault came back")).post("/api/tickets/" + c + "/reopen").then().statusCode(200);
        at("04-20T10:05:00");
        JsonPath reopened = day("04-07");
        average(reopened, "avgHandlingDaysGeneral", null, 0, Map.of("UNRESOLVED", 1));
        rate(reopened, "replyOnTimeRate", 1, 1, Map.of("PENDING", 1)); // the new round's reply is owed by 10:30
        count(reopened, "tickets", 1);

        at("04-20T10:10:00");
        reply(c);
        rate(day("04-07"), "replyOnTimeRate", 2, 2, Map.of());
        assertSummaryIsTheItems("2059-04-01", "2059-04-30");
    }

    @Test
    void aDeadlineThatFallsDueWithNoWriteIsCountedOnce() {
        at("05-05T23:30:00");
        open("INQUIRY"); // NIGHT: reply due 00:30
        at("05-06T00:10:00");
        rate(day("05-05"), "replyOnTimeRate", 0, 0, Map.of("PENDING", 1));
        assertEquals("2059-05-06T00:30:00+08:00", validUntil("2059-05-05"));
        assertEquals(0, marks("2059-05-05"), "nothing written since it was summarised");

        at("05-06T00:30:00");
        rate(day("05-05"), "replyOnTimeRate", 0, 1, Map.of()); // due at 00:30: past due, still owed
        assertEquals(0, marks("2059-05-05"), "still nothing written");
        assertNull(validUntil("2059-05-05"), "nothing left that changes with the time");
        assertSummaryIsTheItems("2059-05-01", "2059-05-31");
    }

    @Test
    void anExemptionRevokedAfterItsDayWasSummarisedCountsTheDeadlineAgain() {
        at("06-09T10:00:00");
        long e = open("GENERAL_QUALITY");
        at("06-09T10:05:00");
        reply(e);
        at("06-09T10:20:00");
        long exemption = as(sup).body(Map.of("kind", "DISPATCH", "reason", "Accident beyond first-hand handling"))
                .post("/api/tickets/" + e + "/exemptions").then().statusCode(201).extract().jsonPath().getLong("id");

        at("06-10T09:00:00");
        JsonPath exempted = day("06-09");
        rate(exempted, "dispatchOnTimeRate", 0, 0, Map.of("EXEMPT", 1));
        count(exempted, "exemptions", 1);
        assertTrue(summarised("2059-06-09"));

        at("06-10T09:30:00");
        as(sup).body(Map.of("reason", "it was no accident")).post("/api/tickets/" + e + "/exemptions/" + exemption
                + "/revoke").then().statusCode(200);
        JsonPath revoked = day("06-09");
        rate(revoked, "dispatchOnTimeRate", 0, 1, Map.of()); // due at 11:00 yesterday: past due, still owed
        count(revoked, "exemptions", 0);
        assertSummaryIsTheItems("2059-06-01", "2059-06-30");
    }

    @Test
    void aCallsOutcomeArrivingAfterItsDayWasSummarisedCounts() throws SQLException {
        String answered = "sum-" + System.nanoTime();
        String missed = "sum-" + System.nanoTime();
        for (String id : List.of(answered, missed)) {
            Api.execute("INSERT INTO call_record (linked_id, started_at, outcome, office_hours)"
                    + " VALUES ('" + id + "', '2059-07-14T10:00:00+08:00', 'IN_PROGRESS', true)");
        }
        at("07-15T09:00:00");
        JsonPath ringing = day("07-14");
        count(ringing, "calls", 2);
        rate(ringing, "officeHoursAnswerRate", 0, 0, Map.of("IN_PROGRESS", 2));
        assertTrue(summarised("2059-07-14"));

        // as the AMI link or the CDRs settle them, a day later
        Api.execute("UPDATE call_record SET outcome = 'ANSWERED', answered_at = started_at + interval '5 seconds',"
                + " ended_at = started_at + interval '3 minutes' WHERE linked_id = '" + answered + "'");
        Api.execute("UPDATE call_record SET outcome = 'MISSED', ended_at = started_at + interval '40 seconds'"
                + " WHERE linked_id = '" + missed + "'");
        JsonPath settled = day("07-14");
        rate(settled, "officeHoursAnswerRate", 1, 2, Map.of());
        count(settled, "missedCallsOfficeHours", 1);
        assertSummaryIsTheItems("2059-07-01", "2059-07-31");
    }

    @Test
    void theSummaryIsWhatIsReadUntilADayChanges() throws SQLException {
        at("08-04T10:00:00");
        open("GENERAL_QUALITY");
        at("08-05T10:00:00");
        count(day("08-04"), "tickets", 1);
        // altered behind the service's back: what is answered is what the summary holds
        Api.execute("UPDATE kpi_day_count SET n = 41 WHERE day = '2059-08-04' AND key = 'tickets'");
        count(day("08-04"), "tickets", 41);
        at("08-04T11:00:00");
        open("INQUIRY");
        at("08-05T10:00:00");
        count(day("08-04"), "tickets", 2); // the day changed: counted again from the items
    }

    @Test
    void aChangeCommittedWhileADayIsSummarisedOutdatesItAgain() {
        at("09-08T10:00:00");
        open("GENERAL_QUALITY");
        at("09-09T10:00:00");
        count(day("09-08"), "tickets", 1);
        at("09-08T12:00:00");
        open("GENERAL_QUALITY"); // a change the summary below takes in
        at("09-09T10:00:00");
        List<LocalDate> run = List.of(LocalDate.parse("2059-09-08"));
        Counted counted = count(run, () -> {
            at("09-08T15:00:00");
            open("INQUIRY"); // committed after the summary's snapshot
            at("09-09T10:00:00");
        });
        assertEquals(List.of(LocalDate.parse("2059-09-08")), put(run, counted));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM kpi_dirt WHERE at >= '2059-09-08T00:00:00+08:00'"
                + " AND at < '2059-09-09T00:00:00+08:00' AND at <> '2059-09-08T15:00:00+08:00'"),
                "the marks the summary took in are gone");
        assertTrue(marks("2059-09-08") > 0, "the change committed after its snapshot keeps its mark");
        count(day("09-08"), "tickets", 3);
    }

    @Test
    void ofTwoSummariesOfADayWrittenAtOnceTheLaterSnapshotStands() {
        at("10-05T10:00:00");
        List<LocalDate> run = List.of(LocalDate.parse("2059-10-01"), LocalDate.parse("2059-10-02"),
                LocalDate.parse("2059-10-03"));
        // another instance summarises the second day from a later snapshot, and the third from an earlier one
        Counted counted = count(run, () -> {
            anotherSummaryOf("2059-10-02", Long.MAX_VALUE);
            anotherSummaryOf("2059-10-03", 0);
        });
        assertEquals(List.of(LocalDate.parse("2059-10-01"), LocalDate.parse("2059-10-03")), put(run, counted));
        assertEquals(Long.MAX_VALUE, Api.queryLong("SELECT snapshot FROM kpi_day WHERE zone = 'Asia/Shanghai'"
                + " AND day = '2059-10-02'"), "the later one's");
        assertEquals(counted.snapshot().order(), Api.queryLong("SELECT snapshot FROM kpi_day"
                + " WHERE zone = 'Asia/Shanghai' AND day = '2059-10-03'"), "this one's");
    }

    /** A run's counts and the snapshot they were read in. */
    private record Counted(KpiSummaryRepository.Snapshot snapshot, List<KpiQueries.Count> counts) {
    }

    /** Counts {@code run} as KpiSummary does, with {@code meanwhile} done (and committed) after its snapshot. */
    private Counted count(List<LocalDate> run, Runnable meanwhile) {
        var from = KpiSpan.start(run.get(0), ZONE);
        var to = KpiSpan.end(run.get(run.size() - 1), ZONE);
        var now = clock.instant();
        return pool.withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                        .chain(() -> repository.snapshot(c, from, to))
                        .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                        .invoke(meanwhile::run)
                        .chain(snapshot -> queries.counts(c, from, to, ZONE, now).map(k -> new Counted(snapshot, k))))
                .await().atMost(Duration.ofSeconds(30));
    }

    private List<LocalDate> put(List<LocalDate> run, Counted counted) {
        return repository.put(ZONE, run, clock.instant(), counted.snapshot(), counted.counts()).await()
                .atMost(Duration.ofSeconds(30));
    }

    private static void anotherSummaryOf(String day, long snapshot) {
        try {
            Api.execute("INSERT INTO kpi_day (zone, day, starts_at, ends_at, summarised_at, epoch, snapshot) VALUES"
                    + " ('Asia/Shanghai', '" + day + "', '" + day + "T00:00:00+08:00', '" + day + "T00:00:00+08:00'::timestamptz"
                    + " + interval '1 day', '2059-10-05T09:00:00+08:00', (SELECT epoch FROM kpi_epoch), " + snapshot + ")");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLeaderGivenOrTakenLeavesTheSummarisedDaysHeldAndTheIncidentReached() throws SQLException {
        String leader = Api.user("leader");
        at("11-03T10:00:00");
        long incident = open("MAJOR_INCIDENT");
        Await.until("a leader's SMS accepted", Duration.ofSeconds(15), () -> Api.queryLong(
                "SELECT count(*) FROM notification WHERE ticket_id = " + incident + " AND channel = 'SMS'"
                        + " AND accepted_at IS NOT NULL") > 0);
        at("11-04T10:00:00");
        open("GENERAL_QUALITY");
        at("11-05T09:00:00");
        rate(period("11-03", "11-04"), "majorIncidentLeadersReachedRate", 1, 1, Map.of());
        assertTrue(held("2059-11-04"), "the day without an incident is summarised");

        // an administrator makes an agent a leader, and takes the role from every leader the incident reached
        String agent = Api.user("agent");
        Api.asAdmin().body(Map.of("roles", List.of("agent", "leader"))).patch("/api/staff/" + Api.staffId(agent)).then()
                .statusCode(200);
        Api.asAdmin().body(Map.of("roles", List.of("agent"))).patch("/api/staff/" + Api.staffId(leader)).then()
                .statusCode(200);
        String others = Api.queryString("SELECT string_agg(staff_id::text, ',') FROM staff_role WHERE role = 'leader'"
                + " AND staff_id IN (SELECT recipient_staff_id FROM notification WHERE ticket_id = " + incident + ")");
        Api.execute("DELETE FROM staff_role WHERE role = 'leader' AND staff_id IN (SELECT recipient_staff_id"
                + " FROM notification WHERE ticket_id = " + incident + ")");
        try {
            assertTrue(held("2059-11-04"), "who is a leader outdates no day without an incident");
            // the leaders told were leaders then: the incident reached one, whatever their roles now
            JsonPath after = period("11-03", "11-04");
            rate(after, "majorIncidentLeadersReachedRate", 1, 1, Map.of());
            count(after, "majorIncidents", 1);
            assertSummaryIsTheItems("2059-11-01", "2059-11-30");
        } finally {
            if (others != null) {
                Api.execute("INSERT INTO staff_role (staff_id, role) SELECT unnest('{" + others + "}'::bigint[]),"
                        + " 'leader' ON CONFLICT DO NOTHING");
            }
        }
    }

    @Test
    void aNameLearntAfterTheDayWasSummarisedRecordsTheCallersEarlierTicket() {
        String caller = Numbers.national();
        at("12-01T10:00:00");
        open(caller, "INQUIRY"); // the number alone
        at("12-02T10:00:00");
        rate(day("12-01"), "customerRecordRate", 0, 1, Map.of());
        assertTrue(held("2059-12-01"));

        at("12-02T10:05:00");
        long again = open(caller, "INQUIRY");
        assertTrue(held("2059-12-01"), "the caller's record written again unchanged outdates nothing");

        at("12-02T10:10:00");
        as(sup).body(Map.of("customerName", "Zhao Lei")).patch("/api/tickets/" + again).then().statusCode(200);
        rate(day("12-01"), "customerRecordRate", 1, 1, Map.of()); // the customer of its number now has a name
        assertSummaryIsTheItems("2059-12-01", "2059-12-31");
    }

    @Test
    void everyTableTheItemsReadIsWatched() throws SQLException {
        Matcher m = Pattern.compile("(?:FROM|JOIN)\\s+([a-z_]+)(?=\\s)").matcher(KpiQueries.itemsSql());
        Set<String> read = new TreeSet<>();
        while (m.find()) {
            read.add(m.group(1));
        }
        Set<String> tables = new TreeSet<>();
        Set<String> watched = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relkind = 'r'"
                    + " AND relnamespace = 'public'::regnamespace")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname IN ('kpi_touch', 'kpi_touch_all')")) {
                while (rs.next()) {
                    watched.add(rs.getString(1));
                }
            }
        }
        read.retainAll(tables);
        assertTrue(read.containsAll(Set.of("ticket", "deadline", "call_record")), "found what the items read: " + read);
        Set<String> unwatched = new TreeSet<>(read);
        unwatched.removeAll(watched);
        assertEquals(Set.of(), unwatched, "tables the items read without kpi_watch in a migration: their changes would"
                + " not reach the summary");
    }

    @Test
    void everyKindOfItemWhoseMarkReadsTheTimeSaysWhenItChanges() {
        String[] kinds = KpiQueries.itemsSql().split("UNION ALL");
        assertTrue(kinds.length >= 6, "the kinds of items");
        for (String kind : kinds) {
            if (kind.contains("$4")) {
                assertTrue(kind.contains("AS changes_at"), "a kind of item reads the time ($4) without saying in"
                        + " 'AS changes_at' when its mark changes:\n" + kind);
            }
        }
    }

    // --- the figures, as the API answers them and as the items count them afresh

    private JsonPath day(String monthDay) {
        return period(monthDay, monthDay);
    }

    private JsonPath period(String fromMonthDay, String toMonthDay) {
        return as(sup).queryParam("from", "2059-" + fromMonthDay).queryParam("to", "2059-" + toMonthDay).get("/api/kpi")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The figures of [from, to] through the summary equal those of the items counted afresh at the same instant. */
    private void assertSummaryIsTheItems(String from, String to) {
        KpiPeriod period = KpiPeriod.parse(from, to, "day", clock, ZONE);
        List<KpiQueries.Count> items = queries.counts(period.from(), period.to(), ZONE, clock.instant()).await()
                .atMost(Duration.ofSeconds(30));
        KpiTally live = new KpiTally();
        items.forEach(live::add);
        KpiService.Report report = service.report(period).await().atMost(Duration.ofSeconds(30));
        assertEquals(live.figures(), report.figures(), "the period's figures");
        Map<LocalDate, KpiTally> perDay = new HashMap<>();
        items.forEach(c -> perDay.computeIfAbsent(c.day(), d -> new KpiTally()).add(c));
        for (KpiService.BucketFigures b : report.buckets()) {
            LocalDate d = b.from().atZone(ZONE).toLocalDate();
            assertEquals(perDay.getOrDefault(d, new KpiTally()).figures(), b.figures(), "the figures of " + d);
        }
    }

    /** Whether the summary holds a local day as it stands: its counts are read, not counted again. */
    private boolean held(String day) {
        LocalDate d = LocalDate.parse(day);
        return repository.fresh(ZONE, d, d, clock.instant()).await().atMost(Duration.ofSeconds(30)).contains(d);
    }

    private boolean summarised(String day) {
        return Api.queryLong("SELECT count(*) FROM kpi_day WHERE zone = 'Asia/Shanghai' AND day = '" + day + "'") == 1;
    }

    private String validUntil(String day) {
        return Api.queryString("SELECT to_char(valid_until AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                + " || '+08:00' FROM kpi_day WHERE zone = 'Asia/Shanghai' AND day = '" + day + "'");
    }

    /** Changes marked inside a local day since it was last summarised. */
    private long marks(String day) {
        return Api.queryLong("SELECT count(*) FROM kpi_dirt WHERE at >= '" + day + "T00:00:00+08:00'"
                + " AND at < '" + day + "T00:00:00+08:00'::timestamptz + interval '1 day'");
    }

    private static Map<String, Object> figure(JsonPath j, String key) {
        Map<String, Object> f = j.getMap("figures.find { it.key == '" + key + "' }");
        assertNotNull(f, key);
        return f;
    }

    private static void rate(JsonPath j, String key, long numerator, long denominator, Map<String, Integer> leftOut) {
        Map<String, Object> f = figure(j, key);
        assertEquals(numerator, ((Number) f.get("numerator")).longValue(), key + " numerator");
        assertEquals(denominator, ((Number) f.get("denominator")).longValue(), key + " denominator");
        assertEquals(leftOut, f.getOrDefault("leftOut", Map.of()), key + " left out");
    }

    private static void average(JsonPath j, String key, Double days, long tickets, Map<String, Integer> leftOut) {
        Map<String, Object> f = figure(j, key);
        if (days == null) {
            assertNull(f.get("value"), key);
        } else {
            assertEquals(days, ((Number) f.get("value")).doubleValue(), 1e-6, key);
        }
        assertEquals(tickets, ((Number) f.get("denominator")).longValue(), key + " tickets");
        assertEquals(leftOut, f.getOrDefault("leftOut", Map.of()), key + " left out");
    }

    private static void count(JsonPath j, String key, long expected) {
        assertEquals(expected, ((Number) figure(j, key).get("value")).longValue(), key);
    }

    // --- the records, changed as the service changes them

    private long open(String category) {
        return open(Numbers.national(), category);
    }

    private long open(String caller, String category) {
        return as(sup).body(Map.of("callerNumber", caller, "category", category)).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private void reply(long ticket) {
        as(sup).body(Map.of("channel", "PHONE", "text", "we are on it")).post("/api/tickets/" + ticket + "/replies")
                .then().statusCode(201);
    }

    private long dispatch(long ticket) {
        return as(sup).body(Map.of("stationId", station, "instruction", "Look at the car"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
