package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.Tables;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is half written when a request is refused": every refusal on a ticket leaves the event log,
 * exemptions, notices, replies, users, roles and stations exactly as they were, and the ticket too.
 */
@QuarkusTest
class TicketRefusalsWriteNothingTest {

    @Inject
    TestClock clock;

    String agent;
    String supervisor;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-27T10:00:00+08:00");
        agent = Api.user("agent");
        supervisor = Api.user("supervisor");
    }

    long open(String category) {
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "category", category)).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.log().ifValidationFails().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    long station() {
        return asAdmin().body(Map.of("code", "RW" + System.nanoTime(), "name", "Refusal test station", "region", "Hubei"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldWriteNothingWhenAnAgentTriesToDowngradeAMajorIncident() {
        long id = open("MAJOR_INCIDENT");
        var before = Tables.counts();
        problem(as(agent).body(Map.of("category", "COMPLAINT", "reason", "not major", "description", "a scratch"))
                .patch("/api/tickets/" + id).then(), 403)
                .body("detail", containsString("supervisor"));
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then()
                .body("category", equalTo("MAJOR_INCIDENT"))
                .body("description", nullValue())
                .body("deadlines.kind", org.hamcrest.Matchers.contains("DISPATCH", "REPLY"));
    }

    @Test
    void shouldWriteNothingWhenASupervisorDowngradesAMajorIncidentWithoutAReason() {
        long id = open("MAJOR_INCIDENT");
        var before = Tables.counts();
        problem(as(supervisor).body(Map.of("category", "INQUIRY", "description", "only a question after all"))
                .patch("/api/tickets/" + id).then(), 400)
                .body("detail", containsString("reason"));
        problem(as(supervisor).body(Map.of("category", "INQUIRY", "reason", "   ")).patch("/api/tickets/" + id).then(), 400)
                .body("detail", containsString("reason"));
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then()
                .body("category", equalTo("MAJOR_INCIDENT"))
                .body("description", nullValue())
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("PENDING"));
    }

    @Test
    void shouldWriteNothingWhenAnExemptionIsRefused() {
        long id = open("COMPLAINT");
        long inquiry = open("INQUIRY");
        var before = Tables.counts();
        problem(as(agent).body(Map.of("kind", "REPLY", "reason", "customer unreachable"))
                .post("/api/tickets/" + id + "/exemptions").then(), 403);
        problem(as(supervisor).body(Map.of("kind", "REPLY", "reason", "")).post("/api/tickets/" + id + "/exemptions").then(), 400)
                .body("detail", containsString("reason"));
        problem(as(supervisor).body(Map.of("kind", "REPLY")).post("/api/tickets/" + id + "/exemptions").then(), 400)
                .body("detail", containsString("reason"));
        problem(as(supervisor).body(Map.of("kind", "LUNCH", "reason", "x")).post("/api/tickets/" + id + "/exemptions").then(), 400)
                .body("detail", containsString("[REPLY, DISPATCH, ARRIVAL, ACKNOWLEDGE]"));
        problem(as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "nothing to dispatch"))
                .post("/api/tickets/" + inquiry + "/exemptions").then(), 409)
                .body("detail", containsString("no DISPATCH deadline"));
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then().body("deadlines.state", org.hamcrest.Matchers.everyItem(equalTo("PENDING")));
    }

    @Test
    void shouldWriteNothingWhenASecondExemptionOfTheSameDeadlineIsRefused() {
        long id = open("COMPLAINT");
        as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "handled by the insurer"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(201);
        var before = Tables.counts();
        problem(as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "twice")).post("/api/tickets/" + id + "/exemptions").then(), 409)
                .body("detail", containsString("already EXEMPT"));
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldWriteNothingWhenAnAgentTriesToReopen() {
        long id = open("INQUIRY");
        as(agent).body(Map.of("channel", "PHONE", "text", "explained")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "explained")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        var before = Tables.counts();
        problem(as(agent).body(Map.of("reason", "customer called again")).post("/api/tickets/" + id + "/reopen").then(), 403);
        problem(as(supervisor).body(Map.of("reason", " ")).post("/api/tickets/" + id + "/reopen").then(), 400)
                .body("detail", containsString("reason"));
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then().body("status", equalTo("RESOLVED")).body("resolution", equalTo("explained"));
    }

    @Test
    void shouldWriteNothingWhenResolvingWithPendingDeadlinesOrClosingAnOpenTicket() {
        long id = open("COMPLAINT");
        var before = Tables.counts();
        problem(as(agent).body(Map.of("resolution", "fixed")).post("/api/tickets/" + id + "/resolve").then(), 409)
                .body("detail", containsString("still owes"));
        problem(as(agent).body(Map.of("note", "follow-up")).post("/api/tickets/" + id + "/close").then(), 409);
        problem(as(agent).body(Map.of()).post("/api/tickets/" + id + "/resolve").then(), 400)
                .body("detail", containsString("resolution"));
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then().body("status", equalTo("OPEN")).body("resolvedAt", nullValue());
    }

    @Test
    void shouldWriteNothingWhenADispatchIsRefused() {
        long id = open("RESCUE");
        long station = station();
        String agentOnly = Api.user("agent");
        long notRegional = Api.staffId(agentOnly);
        String manager = Api.user(Map.of("stationId", station), "station");
        var before = Tables.counts();
        problem(as(agent).body(Map.of("instruction", "tow it")).post("/api/tickets/" + id + "/dispatches").then(), 400)
                .body("detail", containsString("exactly one of stationId"));
        problem(as(agent).body(Map.of("stationId", station, "staffId", notRegional, "instruction", "tow it"))
                .post("/api/tickets/" + id + "/dispatches").then(), 400)
                .body("detail", containsString("exactly one of stationId"));
        problem(as(agent).body(Map.of("stationId", 987654321, "instruction", "tow it"))
                .post("/api/tickets/" + id + "/dispatches").then(), 400)
                .body("detail", containsString("no station with id 987654321"));
        problem(as(agent).body(Map.of("staffId", notRegional, "instruction", "tow it"))
                .post("/api/tickets/" + id + "/dispatches").then(), 400)
                .body("detail", containsString("not a regional manager"));
        problem(as(agent).body(Map.of("stationId", station, "instruction", "  "))
                .post("/api/tickets/" + id + "/dispatches").then(), 400)
                .body("detail", containsString("instruction"));
        problem(as(manager).body(Map.of("stationId", station, "instruction", "tow it"))
                .post("/api/tickets/" + id + "/dispatches").then(), 403);
        Tables.assertNothingWrittenSince(before);
        as(agent).get("/api/tickets/" + id).then()
                .body("status", equalTo("OPEN"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("PENDING"));
    }

    @Test
    void shouldWriteNothingWhenDispatchingForAFinishedTicket() {
        long id = open("INQUIRY");
        long station = station();
        as(agent).body(Map.of("channel", "PHONE", "text", "explained")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "explained")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        var before = Tables.counts();
        problem(as(agent).body(Map.of("stationId", station, "instruction", "inspect"))
                .post("/api/tickets/" + id + "/dispatches").then(), 409)
                .body("detail", containsString("reopen"));
        Tables.assertNothingWrittenSince(before);
    }
}
