package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.evhotline.support.Api;
import com.evhotline.support.Tables;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call on an id that does not exist answers 404 with a problem naming it, and writes nothing. */
@QuarkusTest
class UnknownIdTest {

    static final long MISSING = 987_654_321L;

    String agent;
    String supervisor;
    Map<String, Long> before;

    @BeforeEach
    void setUp() {
        agent = Api.user("agent");
        supervisor = Api.user("supervisor");
        before = Tables.counts();
    }

    static void notFound(Response r, String what) {
        r.then().log().ifValidationFails().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("detail", containsString("no " + what + " with id " + MISSING));
    }

    @Test
    void shouldAnswer404ForResolvingAnUnknownTicket() {
        notFound(as(agent).body(Map.of("resolution", "done")).post("/api/tickets/" + MISSING + "/resolve"), "ticket");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForClosingAnUnknownTicket() {
        notFound(as(agent).body(Map.of("note", "called back")).post("/api/tickets/" + MISSING + "/close"), "ticket");
        notFound(as(agent).post("/api/tickets/" + MISSING + "/close"), "ticket");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForReopeningAnUnknownTicket() {
        notFound(as(supervisor).body(Map.of("reason", "called again")).post("/api/tickets/" + MISSING + "/reopen"), "ticket");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForADispatchOnAnUnknownTicket() {
        long station = asAdmin().body(Map.of("code", "UK" + System.nanoTime() % 10000000, "name", "Known station"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        before = Tables.counts();
        notFound(as(agent).body(Map.of("stationId", station, "instruction", "tow it"))
                .post("/api/tickets/" + MISSING + "/dispatches"), "ticket");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForAnExemptionOnAnUnknownTicket() {
        notFound(as(supervisor).body(Map.of("kind", "REPLY", "reason", "withheld number"))
                .post("/api/tickets/" + MISSING + "/exemptions"), "ticket");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForAcknowledgingAnUnknownNotice() {
        notFound(asAdmin().post("/api/notices/" + MISSING + "/ack"), "notice");
        notFound(as(supervisor).post("/api/notices/" + MISSING + "/ack"), "notice");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldAnswer404ForTheHistoryOfAnUnknownTicket() {
        notFound(as(agent).get("/api/tickets/" + MISSING + "/events"), "ticket");
    }

    @Test
    void shouldAnswer404ForAnUnknownStaffMemberAndStation() {
        notFound(asAdmin().get("/api/staff/" + MISSING), "staff member");
        notFound(as(agent).get("/api/stations/" + MISSING), "station");
    }
}
