package com.evhotline.delivery;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakeSmsGateway;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A work-instruction notice nobody acknowledges escalates through the deadline engine: its ACKNOWLEDGE
 * deadline warns its addressees at 10 minutes (by voice), breaches at 30, then tells the regional manager
 * of the station's region, then the leaders; an acknowledgement meets it and stops it. Notices in 2043,
 * where no other test issues any.
 */
@QuarkusTest
class NoticeChaseTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private record Issued(long ticket, long notice, long stationPerson, String stationUser, long regional) {
    }

    private void at(OffsetDateTime instant) {
        clock.set(instant.toString());
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    private Issued issue(OffsetDateTime at) {
        at(at);
        String region = "Chase-" + System.nanoTime();
        long station = Api.asAdmin().body(Map.of("code", "CH" + System.nanoTime() % 1_000_000_000L, "name", "Chase",
                "region", region)).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String stationUser = Api.user(Map.of("stationId", station), "station");
        long regional = Api.staffId(Api.user(Map.of("region", region), "regional"));
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "Inspect the charging port"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
        return new Issued(ticket, notice, Api.staffId(stationUser), stationUser, regional);
    }

    /** NOTICE_UNACKNOWLEDGED inbox messages about the notice, at one stage of its deadline, to one person. */
    private static long told(long notice, String stage, long staff) {
        return Api.queryLong("SELECT count(*) FROM notification n JOIN deadline_timer t ON n.source = 'timer:' || t.id"
                + " WHERE n.notice_id = " + notice + " AND n.kind = 'NOTICE_UNACKNOWLEDGED' AND n.channel = 'WEB'"
                + " AND t.kind || t.step = '" + stage + "' AND n.recipient_staff_id = " + staff);
    }

    /**
     * Waits until one such message is written: the engine's own loop may have claimed the timer first, so the
     * test's pass can return before that loop's transaction commits.
     */
    private static void toldOnce(long notice, String stage, long staff, String... what) {
        String said = what.length == 0 ? stage : what[0];
        if (Await.value(() -> told(notice, stage, staff) > 0 ? Boolean.TRUE : null, BOUND) == null) {
            throw new AssertionError("not within " + BOUND.toSeconds() + " s: " + said + "; the notice's timers: "
                    + Api.queryString("SELECT string_agg(t.kind || t.step || ' ' || t.state || ' due ' || t.due_at"
                            + " || ' by ' || coalesce(t.fired_by, '-') || ' deadline ' || d.state, '; ' ORDER BY t.id)"
                            + " FROM deadline_timer t JOIN deadline d ON d.id = t.deadline_id WHERE d.notice_id = "
                            + notice) + "; notice " + Api.queryString(
                                    "SELECT state FROM dispatch_notice WHERE id = " + notice));
        }
        assertEquals(1, told(notice, stage, staff), said);
    }

    @Test
    void anUnacknowledgedNoticeIsChasedStepByStepUpToTheLeaders() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-05-06T02:00:00+08:00");
        Issued n = issue(issued);
        long leader = Api.staffId(Api.user("leader"));
        as(Api.user("agent")).get("/api/tickets/" + n.ticket()).then()
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.dueAt", equalTo("2043-05-06T02:30:00+08:00"));

        at(issued.plusMinutes(9));
        assertEquals(0, told(n.notice(), "WARNING0", n.stationPerson()), "not before ten minutes");
        at(issued.plusMinutes(10));
        toldOnce(n.notice(), "WARNING0", n.stationPerson(), "the station is told again at ten minutes");
        Await.until("by voice", BOUND, () -> Api.queryLong("SELECT count(*) FROM notification WHERE notice_id = "
                + n.notice() + " AND kind = 'NOTICE_UNACKNOWLEDGED' AND channel = 'VOICE'") == 1);
        assertEquals(0, told(n.notice(), "WARNING0", n.regional()), "the region not yet");

        at(issued.plusMinutes(30).plusSeconds(1));
        toldOnce(n.notice(), "BREACH0", n.stationPerson(), "at its deadline the station again");
        as(Api.user("agent")).get("/api/tickets/" + n.ticket()).then()
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.state", equalTo("BREACHED"));
        at(issued.plusMinutes(46));
        toldOnce(n.notice(), "ESCALATION1", n.regional(), "then the regional manager");
        assertEquals(0, told(n.notice(), "ESCALATION1", leader));
        at(issued.plusMinutes(61));
        toldOnce(n.notice(), "ESCALATION2", leader, "then the leaders");

        // the leader acknowledges the message telling them: that is not the station acknowledging the notice
        long leaderSms = Await.value(() -> {
            long id = Api.queryLong("SELECT coalesce(max(n.id), 0) FROM notification n WHERE n.notice_id = " + n.notice()
                    + " AND n.channel = 'SMS' AND n.recipient_staff_id = " + leader);
            return id == 0 ? null : id;
        }, BOUND);
        String sms = Await.value(() -> FakeSmsGateway.get().messagesContaining("/ack/" + leaderSms + ".").stream()
                .findFirst().orElse(null), BOUND);
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("/ack/([0-9.A-Za-z_-]+)").matcher(sms);
        org.junit.jupiter.api.Assertions.assertTrue(token.find());
        com.evhotline.support.AckPage.confirm(token.group(1)).statusCode(200);
        assertEquals("ISSUED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + n.notice()));

        // the station's own reminder link acknowledges the notice: met late, the chase stops
        long stationSms = Await.value(() -> {
            long id = Api.queryLong("SELECT coalesce(min(n.id), 0) FROM notification n WHERE n.notice_id = " + n.notice()
                    + " AND n.kind = 'NOTICE_UNACKNOWLEDGED' AND n.channel = 'SMS' AND n.recipient_staff_id = "
                    + n.stationPerson());
            return id == 0 ? null : id;
        }, BOUND);
        String reminder = Await.value(() -> FakeSmsGateway.get().messagesContaining("/ack/" + stationSms + ".").stream()
                .findFirst().orElse(null), BOUND);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/ack/([0-9.A-Za-z_-]+)").matcher(reminder);
        org.junit.jupiter.api.Assertions.assertTrue(link.find());
        com.evhotline.support.AckPage.confirm(link.group(1)).statusCode(200);
        assertEquals("ACKNOWLEDGED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + n.notice()));
        as(Api.user("agent")).get("/api/tickets/" + n.ticket()).then()
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.metAt", org.hamcrest.Matchers.notNullValue());
        at(issued.plusMinutes(200));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notification n JOIN deadline_timer t ON n.source = 'timer:'"
                + " || t.id WHERE n.notice_id = " + n.notice() + " AND t.step >= 3"), "no further step");
    }

    @Test
    void anAcknowledgementInTimeMeetsItsDeadlineAndStopsTheChase() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-06-06T02:00:00+08:00");
        Issued n = issue(issued);
        long leader = Api.staffId(Api.user("leader"));
        at(issued.plusMinutes(11));
        toldOnce(n.notice(), "WARNING0", n.stationPerson());

        as(n.stationUser()).post("/api/notices/" + n.notice() + "/ack").then().statusCode(200);
        at(issued.plusMinutes(61));

        as(Api.user("agent")).get("/api/tickets/" + n.ticket()).then()
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.state", equalTo("MET"));
        assertEquals(0, told(n.notice(), "BREACH0", n.stationPerson()));
        assertEquals(0, told(n.notice(), "ESCALATION1", n.regional()));
        assertEquals(0, told(n.notice(), "ESCALATION2", leader));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notification WHERE notice_id = " + n.notice()
                + " AND channel <> 'WEB' AND acknowledged_at IS NULL AND state = 'QUEUED'"), "nothing left to send");
    }

    @Test
    void aManagerNamedOnlyByTheStationIsRemindedAndAcknowledgesByTheLink() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-07-06T10:00:00+08:00");
        at(issued);
        // the manager of two stations: on record at the first, named manager of the second
        long home = Api.asAdmin().body(Map.of("code", "MH" + System.nanoTime() % 1_000_000_000L, "name", "Home"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String managerUser = Api.user(Map.of("stationId", home), "station");
        long manager = Api.staffId(managerUser);
        long managed = Api.asAdmin().body(Map.of("code", "MM" + System.nanoTime() % 1_000_000_000L, "name", "Managed",
                "managerStaffId", manager)).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", managed, "instruction", "Check the cable"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
        as(managerUser).get("/api/notices/" + notice).then().statusCode(200);

        at(issued.plusMinutes(10));
        toldOnce(notice, "WARNING0", manager, "the named manager is reminded");
        long sms = Await.value(() -> {
            long id = Api.queryLong("SELECT coalesce(min(id), 0) FROM notification WHERE notice_id = " + notice
                    + " AND kind = 'DISPATCH_NOTICE' AND channel = 'SMS' AND recipient_staff_id = " + manager);
            return id == 0 ? null : id;
        }, BOUND);
        String text = Await.value(() -> FakeSmsGateway.get().messagesContaining("/ack/" + sms + ".").stream()
                .findFirst().orElse(null), BOUND);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/ack/([0-9.A-Za-z_-]+)").matcher(text);
        org.junit.jupiter.api.Assertions.assertTrue(link.find());
        com.evhotline.support.AckPage.confirm(link.group(1)).statusCode(200);
        assertEquals("ACKNOWLEDGED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + notice));
        assertEquals("MET", Api.queryString("SELECT state FROM deadline WHERE notice_id = " + notice));
    }

    @Test
    void theAcknowledgementOfAnEarlierNoticeIsExemptedByNamingIt() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-08-06T10:00:00+08:00");
        Issued first = issue(issued);
        String agent = Api.user("agent");
        long otherStation = Api.asAdmin().body(Map.of("code", "EX" + System.nanoTime() % 1_000_000_000L, "name",
                "Second")).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long second = as(agent).body(Map.of("stationId", otherStation, "instruction", "You take it instead"))
                .post("/api/tickets/" + first.ticket() + "/dispatches").then().statusCode(201).extract().jsonPath()
                .getLong("id");
        String supervisor = Api.user("supervisor");
        as(supervisor).body(Map.of("kind", "ACKNOWLEDGE", "reason", "sent to the wrong station"))
                .post("/api/tickets/" + first.ticket() + "/exemptions").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("noticeId"));
        as(supervisor).body(Map.of("kind", "ACKNOWLEDGE", "reason", "sent to the wrong station", "noticeId", first.notice()))
                .post("/api/tickets/" + first.ticket() + "/exemptions").then().statusCode(201);
        as(supervisor).body(Map.of("kind", "REPLY", "reason", "x", "noticeId", second))
                .post("/api/tickets/" + first.ticket() + "/exemptions").then().statusCode(400);
        as(agent).get("/api/tickets/" + first.ticket()).then()
                .body("deadlines.find { it.noticeId == " + first.notice() + " }.state", equalTo("EXEMPT"))
                .body("deadlines.find { it.noticeId == " + second + " }.state", equalTo("PENDING"));
    }
}
