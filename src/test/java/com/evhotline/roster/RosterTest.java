package com.evhotline.roster;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who is on duty, in call order; an override wins; an empty chain is reported in its own health group. */
@QuarkusTest
class RosterTest {

    @Inject
    TestClock clock;

    static void shift(String supervisor, long staff, String start, String end, int position, boolean override) {
        as(supervisor).body(Map.of("staffId", staff, "start", start, "end", end, "position", position, "override", override))
                .post("/api/roster/shifts").then().statusCode(201).body("position", equalTo(position));
    }

    @Test
    void shouldAnswerTheChainInCallOrderWithTheOverrideWinning() {
        String supervisor = Api.user("supervisor");
        long primary = Api.staffId(Api.user("duty"));
        long backup = Api.staffId(Api.user("duty"));
        long stand = Api.staffId(Api.user("duty"));
        long leader = Api.staffId(Api.user("leader"));
        shift(supervisor, primary, "2031-03-02T17:30:00+08:00", "2031-03-03T08:30:00+08:00", 1, false);
        shift(supervisor, backup, "2031-03-02T17:30:00+08:00", "2031-03-03T08:30:00+08:00", 2, false);
        shift(supervisor, leader, "2031-03-02T17:30:00+08:00", "2031-03-03T08:30:00+08:00", 3, false);
        shift(supervisor, stand, "2031-03-02T22:00:00+08:00", "2031-03-03T02:00:00+08:00", 1, true);

        as(supervisor).queryParam("at", "2031-03-02T18:05:00+08:00").get("/api/roster/on-duty").then().statusCode(200)
                .body("staffId", contains((int) primary, (int) backup, (int) leader))
                .body("mobile[0]", org.hamcrest.Matchers.startsWith("+86"));
        as(supervisor).queryParam("at", "2031-03-02T23:00:00+08:00").get("/api/roster/on-duty").then()
                .body("staffId", contains((int) stand, (int) backup, (int) leader))
                .body("override", contains(true, false, false));
        as(supervisor).queryParam("at", "2031-03-03T08:30:00+08:00").get("/api/roster/on-duty").then()
                .body("$", hasSize(0));
        as(supervisor).queryParam("from", "2031-03-02T00:00:00+08:00").queryParam("to", "2031-03-04T00:00:00+08:00")
                .get("/api/roster/shifts").then().body("$", hasSize(4));
    }

    @Test
    void shouldReportAnEmptyChainInTheRosterHealthGroupOnly() {
        clock.set("2031-05-01T03:00:00+08:00");
        com.evhotline.support.Api.asAdmin().get("/q/health/group/roster").then().statusCode(503).body("checks[0].name", equalTo("on-duty-chain"));
        given().get("/q/health/ready").then().statusCode(200);
        String supervisor = Api.user("supervisor");
        shift(supervisor, Api.staffId(Api.user("duty")), "2031-05-01T00:00:00+08:00", "2031-05-01T08:30:00+08:00", 1, false);
        com.evhotline.support.Api.asAdmin().get("/q/health/group/roster").then().statusCode(200).body("checks[0].data.onDuty", equalTo(1));
    }

    @Inject
    RosterWatch watch;

    @Test
    void shouldTellTheSupervisorsOnceAnHourWhenNobodyIsOnDuty() {
        String supervisor = Api.user("supervisor");
        clock.set("2031-07-01T03:00:00+08:00");
        watch.checkNow().await().atMost(java.time.Duration.ofSeconds(10));
        clock.set("2031-07-01T03:20:00+08:00");
        watch.checkNow().await().atMost(java.time.Duration.ofSeconds(10));
        as(supervisor).get("/api/inbox").then().statusCode(200)
                .body("findAll { it.kind == 'ROSTER_EMPTY' }", hasSize(1))
                .body("find { it.kind == 'ROSTER_EMPTY' }.subject", containsString("Nobody is on duty"));
        shift(supervisor, Api.staffId(Api.user("duty")), "2031-07-01T04:00:00+08:00", "2031-07-01T08:30:00+08:00", 1, false);
        clock.set("2031-07-01T04:10:00+08:00");
        org.junit.jupiter.api.Assertions.assertEquals(0, watch.checkNow().await().atMost(java.time.Duration.ofSeconds(10)));
    }

    @Inject
    RosterService service;

    @Test
    void shouldAnswerWhoWasOnDutyLastWeekThoughTheScriptsMemoryHoldsOnlyTheLastTwoDays() {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        clock.set("2032-02-20T12:00:00+08:00");
        shift(supervisor, duty, "2032-02-10T17:30:00+08:00", "2032-02-11T08:30:00+08:00", 1, false);
        Instant then = Instant.parse("2032-02-10T12:00:00Z"); // 20:00 in Shanghai

        assertTrue(service.onDutyAt(then).stream().noneMatch(d -> d.staffId() == duty), "not in the script's memory");
        as(supervisor).queryParam("at", "2032-02-10T20:00:00+08:00").get("/api/roster/on-duty").then().statusCode(200)
                .body("staffId", hasItem((int) duty));
        as(supervisor).queryParam("at", "2032-02-10T20:00:00+08:00").get("/api/routing").then().statusCode(200)
                .body("route", equalTo("FORWARD")).body("forward.staffId", hasItem((int) duty));
    }

    @Test
    void shouldTakeInAShiftWrittenThroughAnotherInstanceAtTheReloadEveryMinute() throws Throwable {
        long duty = Api.staffId(Api.user("duty"));
        clock.set("2032-04-07T12:00:00+08:00");
        Instant tonight = Instant.parse("2032-04-07T13:00:00Z"); // 21:00 in Shanghai
        // written with its change notice lost (triggers off for this statement): only the minute's reload can see it
        Api.execute("SET session_replication_role = replica; INSERT INTO roster_shift (staff_id, start_at, end_at,"
                + " position, override, created_by, created_at) VALUES (" + duty + ", '2032-04-07T17:30:00+08:00',"
                + " '2032-04-08T08:30:00+08:00', 1, false, 'other-instance', now()); SET session_replication_role = origin");
        assertTrue(service.onDutyAt(tonight).stream().noneMatch(d -> d.staffId() == duty), "not read yet");

        // the minute's round as the scheduler runs it (a duplicated context marked safe), its failures not swallowed
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> watch.refreshAndCheck());

        assertTrue(service.onDutyAt(tonight).stream().anyMatch(d -> d.staffId() == duty),
                "the routing script's roster has it after the minute's reload");
    }

    @Test
    void shouldCancelAShiftEnteredByMistakeKeepItOnRecordAndLeaveThePastAlone() {
        String supervisor = Api.user("supervisor");
        long wrong = Api.staffId(Api.user("duty"));
        clock.set("2032-06-01T12:00:00+08:00");
        long id = as(supervisor).body(Map.of("staffId", wrong, "start", "2032-06-01T17:30:00+08:00", "end",
                        "2032-06-02T08:30:00+08:00", "position", 1, "override", false)).post("/api/roster/shifts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Instant tonight = Instant.parse("2032-06-01T13:00:00Z"); // 21:00 in Shanghai
        assertTrue(service.onDutyAt(tonight).stream().anyMatch(d -> d.staffId() == wrong));

        String cancel = "/api/roster/shifts/" + id + "/cancel";
        as(Api.user("agent")).body(Map.of("reason", "not mine")).post(cancel).then().statusCode(403);
        as(supervisor).body(Map.of("reason", " ")).post(cancel).then().statusCode(400)
                .body("detail", containsString("reason"));
        as(supervisor).body(Map.of("reason", "wrong person: Wang takes this night")).post(cancel).then().statusCode(200)
                .body("id", equalTo((int) id));

        assertTrue(service.onDutyAt(tonight).stream().noneMatch(d -> d.staffId() == wrong), "routing no longer rings them");
        as(supervisor).queryParam("at", "2032-06-01T21:00:00+08:00").get("/api/roster/on-duty").then().statusCode(200)
                .body("staffId", org.hamcrest.Matchers.not(hasItem((int) wrong)));
        as(supervisor).queryParam("from", "2032-06-01T00:00:00+08:00").queryParam("to", "2032-06-03T00:00:00+08:00")
                .get("/api/roster/shifts").then().statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem((int) id)));
        as(supervisor).queryParam("from", "2032-06-01T00:00:00+08:00").queryParam("to", "2032-06-03T00:00:00+08:00")
                .queryParam("includeCancelled", true).get("/api/roster/shifts").then().statusCode(200)
                .body("find { it.id == " + id + " }.cancelReason", equalTo("wrong person: Wang takes this night"))
                .body("find { it.id == " + id + " }.cancelledBy", equalTo(supervisor));
        assertEquals(supervisor + "|wrong person: Wang takes this night", Api.queryString(
                "SELECT cancelled_by || '|' || cancel_reason FROM roster_shift WHERE id = " + id), "kept on record");
        as(supervisor).get("/api/roster/shifts/" + id).then().statusCode(200)
                .body("cancelReason", equalTo("wrong person: Wang takes this night"));
        as(supervisor).get("/api/roster/shifts/99999999").then().statusCode(404)
                .body("detail", containsString("no shift with id 99999999"));
        as(supervisor).body(Map.of("reason", "again")).post(cancel).then().statusCode(409)
                .body("detail", containsString("cancelled already"));
        as(supervisor).body(Map.of("reason", "x")).post("/api/roster/shifts/99999999/cancel").then().statusCode(404)
                .body("detail", containsString("no shift with id 99999999"));

        // a running shift cancelled at noon ends at noon: who was on duty this morning stays on record
        long day = Api.staffId(Api.user("duty"));
        long running = as(supervisor).body(Map.of("staffId", day, "start", "2032-06-01T08:00:00+08:00", "end",
                        "2032-06-01T20:00:00+08:00", "position", 2, "override", false)).post("/api/roster/shifts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(supervisor).body(Map.of("reason", "sent home ill")).post("/api/roster/shifts/" + running + "/cancel").then()
                .statusCode(200).body("end", equalTo("2032-06-01T12:00:00+08:00"))
                .body("plannedEnd", equalTo("2032-06-01T20:00:00+08:00"));
        as(supervisor).queryParam("at", "2032-06-01T10:00:00+08:00").get("/api/roster/on-duty").then()
                .body("staffId", hasItem((int) day));
        as(supervisor).queryParam("at", "2032-06-01T13:00:00+08:00").get("/api/roster/on-duty").then()
                .body("staffId", org.hamcrest.Matchers.not(hasItem((int) day)));

        long past = as(supervisor).body(Map.of("staffId", wrong, "start", "2032-05-20T17:30:00+08:00", "end",
                        "2032-05-21T08:30:00+08:00", "position", 1, "override", false)).post("/api/roster/shifts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(supervisor).body(Map.of("reason", "tidy up")).post("/api/roster/shifts/" + past + "/cancel").then()
                .statusCode(409).body("detail", containsString("record of who was on duty"));
    }

    @Test
    void shouldRefuseBadShiftsAndLetOnlySupervisorsWriteThem() {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        long before = Api.queryLong("SELECT count(*) FROM roster_shift");
        as(Api.user("agent")).body(Map.of("staffId", duty, "start", "2031-06-01T00:00:00+08:00",
                "end", "2031-06-01T08:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(403);
        as(supervisor).body(Map.of("staffId", duty, "start", "2031-06-01T08:00:00+08:00",
                "end", "2031-06-01T00:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("end: must come after start"));
        as(supervisor).body(Map.of("staffId", 99999999, "start", "2031-06-01T00:00:00+08:00",
                "end", "2031-06-01T08:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("no active staff member"));
        long noMobile = asAdmin().body(Map.of("name", "No Phone", "roles", List.of("agent"))).post("/api/staff")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(supervisor).body(Map.of("staffId", noMobile, "start", "2031-06-01T00:00:00+08:00",
                "end", "2031-06-01T08:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("no mobile number"));
        long regionalManager = Api.staffId(Api.user(Map.of("region", "Anhui"), "regional"));
        as(supervisor).body(Map.of("staffId", regionalManager, "start", "2031-06-01T00:00:00+08:00",
                "end", "2031-06-01T08:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("holds none of the roles that take forwarded hotline calls"));
        as(supervisor).body(Map.of("staffId", duty, "start", "2031-06-01T00:00:00+08:00",
                "end", "2031-06-01T08:00:00+08:00", "position", 0)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("position"));
        org.junit.jupiter.api.Assertions.assertEquals(before, Api.queryLong("SELECT count(*) FROM roster_shift"));
    }
}
