package com.evhotline.deadline;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warnings, breaches and escalation steps at the right instants, with the clock driven, never slept. */
@QuarkusTest
class DeadlineEngineTest {

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    String agent;
    String supervisor;
    String leader;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-23T08:00:00+08:00");
        fireDue(); // whatever earlier tests left due by now
        agent = Api.user("agent");
        supervisor = Api.user("supervisor");
        leader = Api.user("leader");
    }

    int fireDue() {
        return engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    long open(String category, String receivedAt) {
        clock.set(receivedAt);
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "category", category))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    long inbox(String user, long ticket, String kind) {
        return as(user).get("/api/inbox").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.ticketId == " + ticket + " && it.kind == '" + kind + "' }").size();
    }

    static long events(long ticket, String type) {
        return Api.queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + ticket + " AND type = '" + type + "'");
    }

    @Test
    void shouldWarnAt80PercentBreachAtTheInstantAndEscalateStepByStepForADayTicket() {
        long id = open("COMPLAINT", "2026-11-24T10:00:00+08:00");

        clock.set("2026-11-24T10:23:59+08:00");
        fireDue();
        assertEquals(0, inbox(agent, id, "DEADLINE_WARNING"), "no warning before 80% of 30 minutes");
        clock.set("2026-11-24T10:24:00+08:00");
        fireDue();
        assertEquals(1, inbox(agent, id, "DEADLINE_WARNING"), "the ticket's agent is warned at 10:24");

        clock.set("2026-11-24T10:29:59+08:00");
        fireDue();
        as(agent).get("/api/tickets/" + id).then().body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("PENDING"));
        clock.set("2026-11-24T10:30:00.050+08:00");
        fireDue();
        assertEquals("BREACHED", Api.queryString("SELECT state FROM deadline WHERE ticket_id = " + id + " AND kind = 'REPLY'"));
        assertEquals(1, events(id, "DEADLINE_BREACHED"));
        assertEquals(1, inbox(supervisor, id, "DEADLINE_BREACHED"));
        assertEquals(50, Api.queryLong("SELECT lateness_ms FROM deadline_timer t JOIN deadline d ON d.id = t.deadline_id"
                + " WHERE d.ticket_id = " + id + " AND d.kind = 'REPLY' AND t.kind = 'BREACH'"));

        clock.set("2026-11-24T10:45:00+08:00");
        fireDue();
        assertEquals(1, inbox(supervisor, id, "ESCALATION"), "step 1 at +15 min: the supervisor");
        assertEquals(0, inbox(leader, id, "ESCALATION"));
        clock.set("2026-11-24T11:00:00+08:00");
        fireDue();
        assertEquals(1, inbox(leader, id, "ESCALATION"), "step 2 at +30 min: supervisor and leader");

        clock.set("2026-11-24T11:05:00+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "sorry, called back")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        clock.set("2026-11-24T12:00:00+08:00");
        fireDue();
        assertEquals(1, inbox(leader, id, "ESCALATION"), "the steps stop once the reply is recorded");
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'REPLY' }.metAt", equalTo("2026-11-24T11:05:00+08:00"));
    }

    @Test
    void aDayTicketBreachingAfterOfficeHoursTellsThePersonOnDutyNotTheDaySupervisorAndThenRepeatsHourly() {
        String duty = Api.user("duty");
        String reserve = Api.user("duty");
        // Tuesday 2037-03-10: office hours end at 17:30; the evening's duty chain takes over then
        clock.set("2037-03-10T09:00:00+08:00");
        as(supervisor).body(Map.of("staffId", Api.staffId(duty), "start", "2037-03-10T17:30:00+08:00",
                "end", "2037-03-11T08:30:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(201);
        as(supervisor).body(Map.of("staffId", Api.staffId(reserve), "start", "2037-03-10T17:30:00+08:00",
                "end", "2037-03-11T08:30:00+08:00", "position", 2)).post("/api/roster/shifts").then().statusCode(201);
        long id = open("INQUIRY", "2037-03-10T17:10:00+08:00"); // a DAY ticket: REPLY due 17:40
        as(agent).get("/api/tickets/" + id).then().body("shift", equalTo("DAY"));

        clock.set("2037-03-10T17:34:00+08:00");
        fireDue();
        assertEquals(1, inbox(duty, id, "DEADLINE_WARNING"), "the warning after hours reaches the person on duty");
        assertEquals(0, inbox(agent, id, "DEADLINE_WARNING"), "the owner has gone home: not woken");
        assertEquals(0, inbox(reserve, id, "DEADLINE_WARNING"), "only the first of the chain at a warning");

        clock.set("2037-03-10T17:40:00+08:00");
        fireDue();
        assertEquals(0, inbox(duty, id, "DEADLINE_BREACHED"), "a reply at the due instant is still on time");
        clock.set("2037-03-10T17:40:01+08:00");
        fireDue();
        assertEquals(1, inbox(duty, id, "DEADLINE_BREACHED"));
        assertEquals(0, inbox(supervisor, id, "DEADLINE_BREACHED"), "the day supervisor is off shift");
        as(agent).get("/api/tickets/" + id).then()
                .body("alerts.type", equalTo(java.util.List.of("DEADLINE_WARNING", "DEADLINE_BREACHED")))
                .body("alerts[1].at", equalTo("2037-03-10T17:40:01+08:00"))
                .body("alerts[1].kind", equalTo("REPLY"))
                .body("alerts[1].told.staffId", equalTo(java.util.List.of((int) Api.staffId(duty))))
                .body("alerts[1].told[0].name", org.hamcrest.Matchers.notNullValue());

        clock.set("2037-03-10T17:55:00+08:00");
        fireDue();
        assertEquals(1, inbox(duty, id, "ESCALATION"), "step 1 at night goes down the duty chain");
        assertEquals(1, inbox(reserve, id, "ESCALATION"), "one deeper than the breach");
        assertEquals(0, inbox(leader, id, "ESCALATION"));
        clock.set("2037-03-10T18:10:00+08:00");
        fireDue();
        clock.set("2037-03-10T18:25:00+08:00");
        fireDue();
        assertEquals(3, events(id, "DEADLINE_ESCALATED"), "steps 1 to 3, every 15 minutes");
        assertEquals(1, inbox(leader, id, "ESCALATION"), "the leaders last, at step 3");
        clock.set("2037-03-10T19:24:59+08:00");
        fireDue();
        assertEquals(3, events(id, "DEADLINE_ESCALATED"), "after the last step, not every 15 minutes");
        clock.set("2037-03-10T19:25:00+08:00");
        fireDue();
        assertEquals(4, events(id, "DEADLINE_ESCALATED"), "the last step again an hour later");
        assertEquals(0, inbox(supervisor, id, "ESCALATION"), "nobody off shift woken but the leaders");
    }

    @Test
    void reopeningStartsANewReplyDeadlineFromThatInstantByTheShiftThen() {
        long id = open("INQUIRY", "2026-11-24T16:00:00+08:00"); // a DAY ticket
        clock.set("2026-11-24T16:10:00+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "solved on the phone")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "explained")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        clock.set("2026-11-24T21:00:00+08:00"); // the customer calls again at night
        as(supervisor).body(Map.of("reason", "customer called again")).post("/api/tickets/" + id + "/reopen")
                .then().statusCode(200)
                .body("deadlines.findAll { it.kind == 'REPLY' }.round", equalTo(java.util.List.of(2, 1)))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-24T22:00:00+08:00"))
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("PENDING"));
        as(agent).body(Map.of("resolution", "again")).post("/api/tickets/" + id + "/resolve").then().statusCode(409);

        clock.set("2026-11-24T21:48:00+08:00");
        fireDue();
        assertEquals(1, events(id, "DEADLINE_WARNING"), "the new round warns at 80% of its night window");
        as(agent).get("/api/tickets/" + id).then().body("alerts.round", equalTo(java.util.List.of(2)));
        clock.set("2026-11-24T21:50:00+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "called back")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'REPLY' && it.round == 1 }.metAt", equalTo("2026-11-24T16:10:00+08:00"));
        as(agent).body(Map.of("resolution", "again")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
    }

    @Test
    void aReplyAtTheDueInstantMeetsTheDeadlineAndNoBreachFollows() {
        long id = open("INQUIRY", "2026-11-24T10:00:00+08:00"); // REPLY due 10:30:00
        clock.set("2026-11-24T10:30:00+08:00");
        fireDue();
        as(agent).body(Map.of("channel", "PHONE", "text", "just in time")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        clock.set("2026-11-24T12:00:00+08:00");
        fireDue();
        assertEquals(1, events(id, "DEADLINE_MET"), "one outcome");
        assertEquals(0, events(id, "DEADLINE_BREACHED"));
        assertEquals(0, events(id, "DEADLINE_ESCALATED"));
        assertEquals(0, inbox(supervisor, id, "DEADLINE_BREACHED"), "and nobody alerted");
    }

    @Test
    void shouldUseTheNightWindowsForANightTicket() {
        long id = open("GENERAL_QUALITY", "2026-11-24T02:00:00+08:00");
        clock.set("2026-11-24T02:47:59+08:00");
        fireDue();
        assertEquals(0, events(id, "DEADLINE_WARNING"));
        clock.set("2026-11-24T02:48:00+08:00");
        fireDue();
        assertEquals(1, events(id, "DEADLINE_WARNING"), "REPLY warned at 80% of 60 minutes");
        clock.set("2026-11-24T03:00:00.001+08:00");
        fireDue();
        assertEquals(1, events(id, "DEADLINE_BREACHED"), "REPLY breached just after +60 min");
        clock.set("2026-11-24T03:36:00+08:00");
        fireDue();
        assertEquals(2, events(id, "DEADLINE_WARNING"), "DISPATCH warned at 80% of 120 minutes");
        clock.set("2026-11-24T03:59:59+08:00");
        fireDue();
        assertEquals(1, events(id, "DEADLINE_BREACHED"));
        clock.set("2026-11-24T04:00:00.001+08:00");
        fireDue();
        assertEquals(2, events(id, "DEADLINE_BREACHED"), "DISPATCH breached just after +120 min");
    }

    @Test
    void shouldNotBreachAReplyJustBeforeTheInstant() {
        long id = open("INQUIRY", "2026-11-24T10:00:00+08:00");
        clock.set("2026-11-24T10:29:59+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "answered")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        clock.set("2026-11-24T11:00:00+08:00");
        fireDue();
        assertEquals(0, events(id, "DEADLINE_BREACHED"));
        assertEquals(2, Api.queryLong("SELECT count(*) FROM deadline_timer t JOIN deadline d ON d.id = t.deadline_id"
                + " WHERE d.ticket_id = " + id + " AND t.state = 'CANCELLED'"), "warning and breach cancelled by the reply");
    }

    @Test
    void shouldRecordAReplyJustAfterTheInstantAsABreachEvenBeforeTheEngineFired() {
        long id = open("INQUIRY", "2026-11-24T10:00:00+08:00");
        clock.set("2026-11-24T10:30:01+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "answered a second late"))
                .post("/api/tickets/" + id + "/replies").then().statusCode(201);
        clock.set("2026-11-24T12:00:00+08:00");
        fireDue();
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'REPLY' }.metAt", equalTo("2026-11-24T10:30:01+08:00"));
        assertEquals(1, events(id, "DEADLINE_MET_LATE"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM deadline_timer t JOIN deadline d ON d.id = t.deadline_id"
                + " WHERE d.ticket_id = " + id + " AND t.kind = 'ESCALATION'"), "a met deadline does not escalate");
    }

    @Test
    void aBreachStillOwedBlocksResolvingUntilMetOrExemptedAndAnExemptionStopsItsEscalation() {
        long id = open("INQUIRY", "2026-11-24T14:00:00+08:00");
        clock.set("2026-11-24T14:31:00+08:00");
        fireDue();
        as(agent).body(Map.of("resolution", "customer solved it")).post("/api/tickets/" + id + "/resolve")
                .then().statusCode(409).body("detail", containsString("still owes [REPLY]"));
        clock.set("2026-11-24T14:50:00+08:00");
        fireDue();
        long steps = events(id, "DEADLINE_ESCALATED");
        assertEquals(1, steps, "the first step after the breach");
        as(supervisor).body(Map.of("kind", "REPLY", "reason", "customer solved it before anyone could reply"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(201);
        clock.set("2026-11-24T17:00:00+08:00");
        fireDue();
        assertEquals(steps, events(id, "DEADLINE_ESCALATED"), "an exempted breach escalates no more");
        as(agent).body(Map.of("resolution", "customer solved it")).post("/api/tickets/" + id + "/resolve")
                .then().statusCode(200);
    }

    @Test
    void shouldStopTimersOnExemptionAndRestartThemOnRevocation() {
        long id = open("RESCUE", "2026-11-24T10:00:00+08:00");
        clock.set("2026-11-24T10:10:00+08:00");
        long exemption = as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "customer's own insurer is towing"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(201).extract().jsonPath().getLong("id");
        clock.set("2026-11-24T11:30:00+08:00");
        fireDue();
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + id
                + " AND type = 'DEADLINE_BREACHED' AND detail LIKE '%DISPATCH%'"));
        as(agent).body(Map.of("reason", "x")).post("/api/tickets/" + id + "/exemptions/" + exemption + "/revoke")
                .then().statusCode(403);
        as(supervisor).body(Map.of("reason", "the insurer did not come"))
                .post("/api/tickets/" + id + "/exemptions/" + exemption + "/revoke").then().statusCode(200);
        fireDue();
        as(agent).get("/api/tickets/" + id).then().body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("BREACHED"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + id
                + " AND type = 'DEADLINE_BREACHED' AND detail LIKE '%DISPATCH%'"), "the revoked deadline breaches at once");
        as(supervisor).body(Map.of("reason", "again")).post("/api/tickets/" + id + "/exemptions/" + exemption + "/revoke")
                .then().statusCode(409);
    }

    @Test
    void anExemptionGivenAfterTheDueInstantButBeforeTheBreachFiredStillBreachesWhenRevoked() {
        long id = open("GENERAL_QUALITY", "2026-11-24T13:00:00+08:00");
        clock.set("2026-11-24T13:30:30+08:00"); // due at 13:30; the engine has not run since
        long exemption = as(supervisor).body(Map.of("kind", "REPLY", "reason", "a colleague is already on it"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(201).extract().jsonPath().getLong("id");
        fireDue();
        assertEquals(0, events(id, "DEADLINE_BREACHED"), "exempted: no breach told");

        as(supervisor).body(Map.of("reason", "the colleague went home"))
                .post("/api/tickets/" + id + "/exemptions/" + exemption + "/revoke").then().statusCode(200);
        fireDue();
        assertEquals(1, events(id, "DEADLINE_BREACHED"), "the breach is told, once, when the exemption goes");
    }

    @Test
    void shouldTellTheLeadersOfAMajorIncidentAtOnceAndCountIt() {
        String from = "2026-11-25T09:00:00+08:00";
        long id = open("MAJOR_INCIDENT", "2026-11-25T09:30:00+08:00");
        assertEquals(1, inbox(leader, id, "MAJOR_INCIDENT"), "no timer needed: told in the transaction that opened it");
        assertEquals(1, events(id, "LEADERS_NOTIFIED"));
        // told in the inbox at once; reached once the SMS gateway accepted the leader's message
        com.evhotline.support.Await.until("the leader's SMS accepted", java.time.Duration.ofSeconds(15),
                () -> as(supervisor).queryParam("from", from).queryParam("to", "2026-11-25T10:00:00+08:00")
                        .get("/api/kpi/major-incidents").then().extract().jsonPath().getInt("leadersReached") == 1);
        as(supervisor).queryParam("from", from).queryParam("to", "2026-11-25T10:00:00+08:00").get("/api/kpi/major-incidents")
                .then().statusCode(200).body("recorded", equalTo(1)).body("leadersTold", equalTo(1))
                .body("leadersReached", equalTo(1)).body("rate", equalTo(1.0f))
                .body("leaderPeopleReached", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("leaderPeopleTold", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("secondsToReachLongest", org.hamcrest.Matchers.lessThan(60.0f));
        as(agent).get("/api/kpi/major-incidents").then().statusCode(403);

        long upgraded = open("COMPLAINT", "2026-11-25T09:40:00+08:00");
        as(agent).body(Map.of("category", "MAJOR_INCIDENT")).patch("/api/tickets/" + upgraded).then().statusCode(200);
        assertEquals(1, inbox(leader, upgraded, "MAJOR_INCIDENT"), "a ticket raised to a major incident is told too");
        assertEquals(1, events(upgraded, "LEADERS_NOTIFIED"));
        assertEquals(Api.queryString("SELECT detail FROM ticket_event WHERE ticket_id = " + id
                        + " AND type = 'LEADERS_NOTIFIED'").replaceAll("\\s", ""),
                Api.queryString("SELECT detail FROM ticket_event WHERE ticket_id = " + upgraded
                        + " AND type = 'LEADERS_NOTIFIED'").replaceAll("\\s", ""),
                "who was told, the same whichever way the ticket became a major incident");
    }

    @Test
    void shouldMarkMessagesReadOnlyInTheirOwnersInbox() {
        long id = open("MAJOR_INCIDENT", "2026-11-25T11:00:00+08:00");
        long message = as(leader).get("/api/inbox").then().extract().jsonPath()
                .getLong("find { it.ticketId == " + id + " }.id");
        as(agent).post("/api/inbox/" + message + "/read").then().statusCode(404);
        as(leader).post("/api/inbox/" + message + "/read").then().statusCode(200)
                .body("readAt", equalTo("2026-11-25T11:00:00+08:00"));
        as(leader).queryParam("unread", true).get("/api/inbox").then().body("id", not(hasItem((int) message)));
    }

    @Test
    void shouldFireWhatFellDueDuringDowntimeAtStartOldestFirstWithItsLateness() {
        long first = open("INQUIRY", "2026-11-26T01:00:00+08:00");
        long second = open("INQUIRY", "2026-11-26T01:10:00+08:00");
        clock.set("2026-11-26T09:00:00+08:00"); // the service was down all night
        var oneAtATime = new com.evhotline.deadline.engine.TimerEngine(pool, clock,
                new com.evhotline.deadline.engine.TimerEngine.Settings("catch-up", 1, Duration.ofMinutes(15),
                        Duration.ofHours(1), Duration.ofSeconds(1), 5, java.time.ZoneId.of("Asia/Shanghai")),
                com.evhotline.deadline.engine.Responsible.always(true, com.evhotline.calendar.Shift.DAY,
                        java.util.List.of()), ids -> { }, b -> { });
        oneAtATime.runDue().await().atMost(Duration.ofSeconds(30));
        long firstBreach = Api.queryLong("SELECT id FROM ticket_event WHERE ticket_id = " + first + " AND type = 'DEADLINE_BREACHED'");
        long secondBreach = Api.queryLong("SELECT id FROM ticket_event WHERE ticket_id = " + second + " AND type = 'DEADLINE_BREACHED'");
        assertTrue(firstBreach < secondBreach, "the older deadline breaches first");
        assertEquals(Duration.ofHours(7).toMillis(), Api.queryLong("SELECT t.lateness_ms FROM deadline_timer t"
                + " JOIN deadline d ON d.id = t.deadline_id WHERE d.ticket_id = " + first + " AND t.kind = 'BREACH'"),
                "due 02:00 (night: +60 min), fired 09:00");
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;
}
