package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.Tables;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PATCH changes a ticket's fields and leaves a CHANGED event; a category change keeps what is on record. */
@QuarkusTest
class TicketChangeTest {

    @Inject
    TestClock clock;

    String agent;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-27T10:00:00+08:00");
        agent = Api.user("agent");
    }

    long open(String category) {
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "category", category)).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A field of the detail of the ticket's last CHANGED event, which the agent wrote. */
    Object lastChange(long id, String field) {
        String last = "findAll { it.type == 'CHANGED' }.last()";
        return as(agent).get("/api/tickets/" + id + "/events").then().statusCode(200)
                .body(last + ".actor", equalTo(agent))
                .extract().path(last + ".detail." + field);
    }

    @Test
    void shouldRecordTheFaultInAFewWordsAndRemoveItWhenBlank() {
        long id = open("GENERAL_QUALITY");
        as(agent).body(Map.of("fault", "  电池   无法充电 ")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("fault", equalTo("电池 无法充电"));
        as(agent).get("/api/tickets/" + id).then().body("fault", equalTo("电池 无法充电"));
        assertEquals("电池 无法充电", lastChange(id, "fault"));
        as(agent).body(Map.of("fault", "x".repeat(201))).patch("/api/tickets/" + id).then().statusCode(400)
                .body("detail", containsString("fault"));
        as(agent).body(Map.of("fault", " ")).patch("/api/tickets/" + id).then().statusCode(200)
                .body("fault", equalTo(null));
        assertEquals(null, Api.queryString("SELECT fault_at FROM ticket WHERE id = " + id));
    }

    @Test
    void shouldChangeTheDescriptionAndRecordTheNewText() {
        long id = open("GENERAL_QUALITY");
        as(agent).body(Map.of("description", "  motor whines above 80 km/h  ")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("description", equalTo("motor whines above 80 km/h"));
        as(agent).get("/api/tickets/" + id).then().body("description", equalTo("motor whines above 80 km/h"));
        assertEquals("motor whines above 80 km/h", lastChange(id, "description"));
    }

    @Test
    void shouldChangeTheCustomerNameOnTheTicketAndTheCustomer() {
        long id = open("COMPLAINT");
        as(agent).body(Map.of("customerName", "赵女士")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("customerName", equalTo("赵女士"));
        assertEquals("赵女士", lastChange(id, "customerName"));
        assertEquals("赵女士", Api.queryString(
                "SELECT c.name FROM customer c JOIN ticket t ON t.customer_id = c.id WHERE t.id = " + id));
    }

    @Test
    void shouldChangeTheVinAndLinkTheVehicleToTheTicketsCustomer() {
        long id = open("GENERAL_QUALITY");
        String vin = vin();
        as(agent).body(Map.of("vin", vin.toLowerCase())).patch("/api/tickets/" + id)
                .then().statusCode(200).body("vin", equalTo(vin));
        assertEquals(vin, lastChange(id, "vin"));
        long customer = Api.queryLong("SELECT customer_id FROM ticket WHERE id = " + id);
        assertEquals(customer, Api.queryLong("SELECT v.customer_id FROM vehicle v WHERE v.vin = '" + vin + "'"));
        assertEquals(Api.queryLong("SELECT id FROM vehicle WHERE vin = '" + vin + "'"),
                Api.queryLong("SELECT vehicle_id FROM ticket WHERE id = " + id));
    }

    @Test
    void aSupervisorReassignsTheTicketWithAReasonAndTheHistoryKeepsWhoAndWhy() {
        long id = open("RESCUE");
        as(agent).get("/api/tickets/" + id).then().body("assigneeId", equalTo((int) Api.staffId(agent)));
        long assignee = Api.staffId(Api.user("duty", "agent"));
        String supervisor = Api.user("supervisor");
        var before = Tables.counts();
        as(agent).body(Map.of("assigneeId", assignee, "reason", "she knows the car")).patch("/api/tickets/" + id)
                .then().statusCode(403).body("detail", containsString("supervisor"));
        as(supervisor).body(Map.of("assigneeId", assignee)).patch("/api/tickets/" + id)
                .then().statusCode(400).body("detail", containsString("reason"));
        Tables.assertNothingWrittenSince(before);
        as(supervisor).body(Map.of("assigneeId", assignee, "reason", "she knows the car")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("assigneeId", equalTo((int) assignee));
        as(agent).get("/api/tickets/" + id + "/events").then()
                .body("find { it.type == 'REASSIGNED' }.actor", equalTo(supervisor))
                .body("find { it.type == 'REASSIGNED' }.detail.from", equalTo((int) Api.staffId(agent)))
                .body("find { it.type == 'REASSIGNED' }.detail.to", equalTo((int) assignee))
                .body("find { it.type == 'REASSIGNED' }.detail.reason", equalTo("she knows the car"));
    }

    @Test
    void shouldWriteNoEventForAChangeThatChangesNothing() {
        long id = open("GENERAL_QUALITY");
        as(agent).body(Map.of("description", "same")).patch("/api/tickets/" + id).then().statusCode(200);
        var before = Tables.counts();
        as(agent).body(Map.of("description", "same")).patch("/api/tickets/" + id).then().statusCode(200);
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldKeepAMetDispatchWhenTheTicketBecomesAnInquiry() {
        long station = asAdmin().body(Map.of("code", "CC" + System.nanoTime() % 10000000, "name", "Suzhou"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long id = open("COMPLAINT");
        clock.advance(Duration.ofMinutes(20));
        as(agent).body(Map.of("stationId", station, "instruction", "check the charging port"))
                .post("/api/tickets/" + id + "/dispatches").then().statusCode(201);
        as(agent).body(Map.of("category", "INQUIRY", "reason", "only a question after all")).patch("/api/tickets/" + id)
                .then().statusCode(200)
                .body("category", equalTo("INQUIRY"))
                .body("deadlines.kind", contains("ACKNOWLEDGE", "DISPATCH", "REPLY"))
                .body("deadlines.find { it.kind == 'ACKNOWLEDGE' }.state", equalTo("PENDING"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.metAt", equalTo("2026-11-27T10:20:00+08:00"));
        clock.advance(Duration.ofHours(3));
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("MET"));
        as(agent).get("/api/tickets/" + id + "/events").then()
                .body("type", hasItem("CATEGORY_CHANGED"))
                .body("type", not(hasItem("DEADLINE_WITHDRAWN")));
    }

    @Test
    void reclassifyingToAnInquiryWithdrawsAnOverdueDispatchWithItsReasonAndItsBreachOnRecord() {
        long id = open("GENERAL_QUALITY"); // DAY: DISPATCH due 11:00
        clock.set("2026-11-27T11:00:01+08:00");
        var before = Tables.counts();
        as(agent).body(Map.of("category", "INQUIRY")).patch("/api/tickets/" + id).then().statusCode(400)
                .body("detail", containsString("reason"));
        Tables.assertNothingWrittenSince(before);
        as(agent).body(Map.of("category", "INQUIRY", "reason", "the customer only asked about the warranty"))
                .patch("/api/tickets/" + id).then().statusCode(200)
                .body("category", equalTo("INQUIRY"))
                .body("deadlines.kind", contains("REPLY"));
        as(agent).get("/api/tickets/" + id + "/events").then()
                .body("find { it.type == 'DEADLINE_WITHDRAWN' }.actor", equalTo(agent))
                .body("find { it.type == 'DEADLINE_WITHDRAWN' }.detail.kind", equalTo("DISPATCH"))
                .body("find { it.type == 'DEADLINE_WITHDRAWN' }.detail.breached", equalTo(true))
                .body("find { it.type == 'DEADLINE_WITHDRAWN' }.detail.reason",
                        equalTo("the customer only asked about the warranty"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM deadline_timer WHERE ticket_id = " + id
                + " AND state = 'PENDING' AND kind = 'ESCALATION'"), "its escalation stops");
    }

    @Test
    void shouldWithdrawAPendingDispatchThatIsNotYetDue() {
        long id = open("GENERAL_QUALITY");
        clock.set("2026-11-27T10:59:59+08:00");
        as(agent).body(Map.of("category", "INQUIRY", "reason", "a question")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("deadlines.kind", contains("REPLY"));
    }

    @Test
    void onlyASupervisorExemptsADeadlineAlreadyOverdueAndTheBreachStaysOnRecord() {
        String supervisor = Api.user("supervisor");
        String duty = Api.user("duty");
        long id = open("COMPLAINT"); // REPLY due 10:30
        clock.set("2026-11-27T10:30:01+08:00");
        var before = Tables.counts();
        as(duty).body(Map.of("kind", "REPLY", "reason", "customer unreachable"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("breached"));
        Tables.assertNothingWrittenSince(before);
        as(supervisor).body(Map.of("kind", "REPLY", "reason", "customer unreachable"))
                .post("/api/tickets/" + id + "/exemptions").then().statusCode(201);
        as(agent).get("/api/tickets/" + id).then().body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("EXEMPT"));
        as(agent).get("/api/tickets/" + id + "/events").then()
                .body("find { it.type == 'DEADLINE_EXEMPTED' }.detail.afterBreach", equalTo(true));

        // revoked: breached again; the breach was never told (no engine ran before the exemption), so it is now,
        // and the escalation follows it, instead of the deadline going quiet
        long exemption = Api.queryLong("SELECT id FROM exemption WHERE ticket_id = " + id + " AND kind = 'REPLY'");
        clock.set("2026-11-27T11:00:00+08:00");
        as(supervisor).body(Map.of("reason", "the customer wants a call after all"))
                .post("/api/tickets/" + id + "/exemptions/" + exemption + "/revoke").then().statusCode(200);
        as(agent).get("/api/tickets/" + id).then().body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("BREACHED"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM deadline_timer m JOIN deadline d ON d.id = m.deadline_id"
                + " WHERE m.ticket_id = " + id + " AND d.kind = 'REPLY' AND m.kind = 'BREACH' AND m.state = 'PENDING'"
                + " AND m.due_at <= '2026-11-27T11:00:00+08:00'"), "the breach, due at once");
    }

    /** A valid, unique VIN (17 characters without I, O or Q). */
    static String vin() {
        String digits = String.format("%011d", System.nanoTime() % 100_000_000_000L);
        return "LSVAU2" + digits;
    }
}
