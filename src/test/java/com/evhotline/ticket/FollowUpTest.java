package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.Tables;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The follow-up call: a resolution owes one, due a day later (the default) in the call-back list; the ticket
 * closes when the customer is reached with a score, or after the third call nobody answered (each earlier one
 * moves the due time 4 hours on); closing by hand is refused until then, except when there is no number to call;
 * a reopening cancels it. Times in 2052.
 */
@QuarkusTest
class FollowUpTest {

    @Inject
    TestClock clock;

    String agent;
    String supervisor;

    @BeforeEach
    void setUp() {
        agent = Api.user("agent");
        supervisor = Api.user("supervisor");
    }

    private void at(String localTime) {
        clock.set("2052-" + localTime + "+08:00");
    }

    /** An inquiry opened, answered and resolved at {@code resolvedAt}. */
    private long resolved(String resolvedAt) {
        at(resolvedAt);
        long id = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        return resolve(id);
    }

    private long resolve(long id) {
        as(agent).body(Map.of("channel", "PHONE", "text", "explained the charging card")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "explained")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        return id;
    }

    private ValidatableResponse call(long id, Map<String, ?> body) {
        return as(agent).body(body).post("/api/tickets/" + id + "/follow-up").then();
    }

    private static Map<String, Object> unanswered() {
        return Map.of("reached", false, "note", "no answer");
    }

    private JsonPath ticket(long id) {
        return as(agent).get("/api/tickets/" + id).then().statusCode(200).extract().jsonPath();
    }

    private JsonPath events(long id) {
        return as(agent).get("/api/tickets/" + id + "/events").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.log().ifValidationFails().statusCode(status).contentType("application/problem+json");
    }

    @Test
    void aResolutionOwesAFollowUpCallDueADayLaterAndTheTicketCannotBeClosedBefore() {
        long id = resolved("03-02T11:00:00");
        JsonPath t = ticket(id);
        assertEquals("RESOLVED", t.getString("status"));
        assertEquals("DUE", t.getString("followUp.state"));
        assertEquals("2052-03-02T11:00:00+08:00", t.getString("followUp.resolvedAt"));
        assertEquals("2052-03-03T11:00:00+08:00", t.getString("followUp.dueAt"));
        assertEquals(0, t.getInt("followUp.attempts"));
        assertEquals(3, t.getInt("followUp.attemptsAllowed"));
        assertEquals(List.of(), t.getList("followUp.calls"));
        assertEquals("DUE", events(id).getString("find { it.type == 'RESOLVED' }.detail.followUp"));

        // the last one due by its due time, the nearest first
        JsonPath due = as(agent).queryParam("dueBy", "2052-03-03T11:00:00+08:00").queryParam("size", 1)
                .get("/api/follow-ups").then().statusCode(200).extract().jsonPath();
        long total = due.getLong("total");
        JsonPath last = as(agent).queryParam("dueBy", "2052-03-03T11:00:00+08:00").queryParam("size", 1)
                .queryParam("page", total - 1).get("/api/follow-ups").then().statusCode(200).extract().jsonPath();
        assertEquals(id, last.getLong("items[0].ticketId"));
        assertEquals(t.getString("number"), last.getString("items[0].number"));
        assertEquals(t.getString("callerNumber"), last.getString("items[0].callerNumber"));
        assertEquals("2052-03-03T11:00:00+08:00", last.getString("items[0].followUp.dueAt"));
        as(agent).queryParam("dueBy", "2052-03-03T10:59:59+08:00").queryParam("size", 1).queryParam("page", total - 1)
                .get("/api/follow-ups").then().statusCode(200).body("items", hasSize(0));

        var before = Tables.counts();
        problem(as(agent).body(Map.of("note", "customer happy")).post("/api/tickets/" + id + "/close").then(), 409)
                .body("detail", containsString("record it first with POST /api/tickets/" + id + "/follow-up"));
        Tables.assertNothingWrittenSince(before);
        assertEquals("RESOLVED", ticket(id).getString("status"));
    }

    @Test
    void aCallNobodyAnswersMovesTheDueTimeOnAndTheThirdEndsItAndClosesTheTicket() {
        long id = resolved("04-06T09:00:00");
        at("04-07T09:30:00");
        call(id, unanswered()).statusCode(200).body("status", equalTo("RESOLVED"))
                .body("followUp.state", equalTo("DUE")).body("followUp.attempts", equalTo(1))
                .body("followUp.nextCallAt", equalTo("2052-04-07T13:30:00+08:00"))
                .body("followUp.dueAt", equalTo("2052-04-07T09:00:00+08:00")); // the promise stays
        assertEquals("2052-04-07T05:30:00Z", events(id).getString("find { it.type == 'FOLLOW_UP_RECORDED' }.detail.nextCallAt"));
        at("04-07T14:00:00");
        call(id, Map.of("reached", false)).statusCode(200).body("status", equalTo("RESOLVED"))
                .body("followUp.attempts", equalTo(2)).body("followUp.nextCallAt", equalTo("2052-04-07T18:00:00+08:00"));
        at("04-07T18:05:00");
        JsonPath t = call(id, unanswered()).statusCode(200).extract().jsonPath();
        assertEquals("CLOSED", t.getString("status"));
        assertEquals("2052-04-07T18:05:00+08:00", t.getString("closedAt"));
        assertEquals("UNREACHABLE", t.getString("followUp.state"));
        assertEquals(3, t.getInt("followUp.attempts"));
        assertEquals(agent, t.getString("followUp.doneBy"));
        assertEquals(List.of(false, false, false), t.getList("followUp.calls.reached"));
        assertEquals(List.of("2052-04-07T09:30:00+08:00", "2052-04-07T14:00:00+08:00", "2052-04-07T18:05:00+08:00"),
                t.getList("followUp.calls.at"));
        assertEquals(agent, t.getString("followUp.calls[0].by"));

        List<String> types = events(id).getList("type");
        assertEquals(List.of("FOLLOW_UP_RECORDED", "FOLLOW_UP_RECORDED", "FOLLOW_UP_RECORDED", "CLOSED"),
                types.subList(types.size() - 4, types.size()));
        assertEquals("UNREACHABLE", events(id).getString("find { it.type == 'CLOSED' }.detail.followUp"));
        problem(call(id, unanswered()), 409).body("detail", containsString("CLOSED"));
    }

    @Test
    void aCustomerReachedGivesAScoreAndTheTicketCloses() {
        long id = resolved("05-11T15:00:00");
        at("05-12T10:00:00");
        JsonPath t = call(id, Map.of("reached", true, "satisfaction", 4, "note", "car charges fine now")).statusCode(200)
                .extract().jsonPath();
        assertEquals("CLOSED", t.getString("status"));
        assertEquals("REACHED", t.getString("followUp.state"));
        assertEquals(4, t.getInt("followUp.satisfaction"));
        assertEquals("2052-05-12T10:00:00+08:00", t.getString("followUp.doneAt"));
        assertEquals(List.of(Map.of("at", "2052-05-12T10:00:00+08:00", "by", agent, "reached", true, "satisfaction", 4,
                "note", "car charges fine now")), t.getList("followUp.calls"));
        JsonPath history = events(id);
        assertEquals(4, history.getInt("find { it.type == 'FOLLOW_UP_RECORDED' }.detail.satisfaction"));
        assertEquals("car charges fine now", history.getString("find { it.type == 'FOLLOW_UP_RECORDED' }.detail.note"));
        assertEquals("REACHED", history.getString("find { it.type == 'CLOSED' }.detail.followUp"));
        assertEquals(4, history.getInt("find { it.type == 'CLOSED' }.detail.satisfaction"));
    }

    @Test
    void aCallRecordThatSaysTooLittleOrTooMuchIsRefusedAndWritesNothing() {
        long id = resolved("06-01T10:00:00");
        var before = Tables.counts();
        problem(call(id, Map.of("reached", true, "satisfaction", 6)), 400)
                .body("detail", containsString("satisfaction: give a score from 1"));
        problem(call(id, Map.of("reached", true, "satisfaction", 0)), 400).body("detail", containsString("satisfaction"));
        problem(call(id, Map.of("reached", true)), 400).body("detail", containsString("satisfaction: required"));
        problem(call(id, Map.of("reached", false, "satisfaction", 5)), 400)
                .body("detail", containsString("only a customer who was reached"));
        problem(call(id, Map.of("satisfaction", 5)), 400).body("detail", containsString("reached: required"));
        problem(call(id, Map.of("reached", "yes", "satisfaction", 5)), 400).body("detail", containsString("reached"));
        problem(call(id, Map.of("reached", false, "note", "x".repeat(2001))), 400).body("detail", containsString("note"));
        problem(call(999_999_999L, Map.of("reached", true, "satisfaction", 5)), 404)
                .body("detail", containsString("no ticket with id 999999999"));
        Tables.assertNothingWrittenSince(before);
        assertEquals("DUE", ticket(id).getString("followUp.state"));
        assertEquals(0, ticket(id).getInt("followUp.attempts"));

        at("06-01T10:00:00");
        long open = as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        var beforeOpen = Tables.counts();
        problem(call(open, Map.of("reached", true, "satisfaction", 5)), 409)
                .body("detail", containsString("only a RESOLVED ticket awaits its follow-up call"));
        problem(as(agent).body(Map.of("note", "x")).post("/api/tickets/" + open + "/close").then(), 409)
                .body("detail", containsString("only a RESOLVED ticket can be closed"));
        Tables.assertNothingWrittenSince(beforeOpen);
    }

    @Test
    void aReopeningCancelsTheFollowUpAndTheNextResolutionOwesANewOne() {
        long id = resolved("07-01T10:00:00");
        at("07-01T16:00:00");
        as(supervisor).body(Map.of("reason", "the fault came back")).post("/api/tickets/" + id + "/reopen").then()
                .statusCode(200).body("status", equalTo("OPEN")).body("followUp.state", equalTo("CANCELLED"))
                .body("followUp.reason", equalTo("the fault came back"))
                .body("followUp.doneBy", equalTo(supervisor));
        assertEquals("CANCELLED", events(id).getString("find { it.type == 'REOPENED' }.detail.followUp"));
        problem(call(id, Map.of("reached", true, "satisfaction", 5)), 409).body("detail", containsString("resolve it first"));

        at("07-02T09:00:00");
        resolve(id);
        JsonPath t = ticket(id);
        assertEquals("DUE", t.getString("followUp.state"));
        assertEquals("2052-07-03T09:00:00+08:00", t.getString("followUp.dueAt"));
        assertEquals("CANCELLED,DUE", Api.queryString("SELECT string_agg(state, ',' ORDER BY id) FROM follow_up"
                + " WHERE ticket_id = " + id));
    }

    @Test
    void aTicketWithNoNumberToCallClosesWhenResolvedSayingWhy() throws SQLException {
        at("08-03T10:00:00");
        long id = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        // as a missed call from a withheld number leaves it
        Api.execute("UPDATE ticket SET caller_number = NULL WHERE id = " + id);
        resolve(id);
        JsonPath t = ticket(id);
        assertEquals("CLOSED", t.getString("status"), "nobody can be called, so nothing is left to wait for");
        assertEquals("NOT_POSSIBLE", t.getString("followUp.state"));
        assertEquals("no number to call: the caller's number was withheld", t.getString("followUp.reason"));
        JsonPath closed = events(id);
        assertEquals("NOT_POSSIBLE", closed.getString("find { it.type == 'CLOSED' }.detail.followUp"));
        assertEquals("no number to call: the caller's number was withheld",
                closed.getString("find { it.type == 'CLOSED' }.detail.reason"));
        problem(call(id, Map.of("reached", false)), 409).body("detail", containsString("its follow-up has ended"));
        problem(as(agent).body(Map.of("note", "again")).post("/api/tickets/" + id + "/close").then(), 409)
                .body("detail", containsString("only a RESOLVED ticket can be closed"));
    }
}
