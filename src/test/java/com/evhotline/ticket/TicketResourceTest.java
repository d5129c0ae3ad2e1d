package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TicketResourceTest {

    @Inject
    TestClock clock;

    String agent;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-27T10:00:00+08:00"); // a Friday, inside office hours
        agent = Api.user("agent");
    }

    ValidatableResponse open(Map<String, ?> body) {
        return as(agent).body(body).post("/api/tickets").then().log().ifValidationFails();
    }

    /** Opened by a supervisor, who may give a receipt time long past. */
    long openId(String number, String category, String receivedAt) {
        return as(Api.user("supervisor")).body(Map.of("callerNumber", number, "category", category,
                "receivedAt", receivedAt)).post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aTicketBelongsToItsCreatorAndOnlyASupervisorBackdatesItMoreThan15Minutes() {
        open(Map.of("callerNumber", Numbers.national())).statusCode(201)
                .body("assigneeId", equalTo((int) Api.staffId(agent)));
        var before = com.evhotline.support.Tables.counts();
        open(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-27T09:44:59+08:00")).statusCode(403)
                .body("detail", containsString("supervisor"));
        com.evhotline.support.Tables.assertNothingWrittenSince(before);
        open(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-27T09:45:00+08:00")).statusCode(201);
        open(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-27T10:02:00+08:00")).statusCode(201)
                .body("receivedAt", equalTo("2026-11-27T10:00:00+08:00")); // a clock a little ahead: never in the future
        String supervisor = Api.user("supervisor");
        as(supervisor).body(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-27T07:00:00+08:00"))
                .post("/api/tickets").then().statusCode(201).body("assigneeId", equalTo((int) Api.staffId(supervisor)));
    }

    @Test
    void shouldOpenADayTicketWithReplyIn30AndDispatchIn60Minutes() {
        String caller = Numbers.national();
        open(Map.of("callerNumber", caller, "description", "battery warning light", "customerName", "王先生",
                "vin", "lsvau2180n2183294"))
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/tickets/\\d+"))
                .body("number", matchesPattern("HL-20261127-\\d{4,}"))
                .body("status", equalTo("OPEN"))
                .body("category", equalTo("GENERAL_QUALITY"))
                .body("callerNumber", equalTo(Numbers.e164(caller)))
                .body("customerName", equalTo("王先生"))
                .body("vin", equalTo("LSVAU2180N2183294"))
                .body("receivedAt", equalTo("2026-11-27T10:00:00+08:00"))
                .body("shift", equalTo("DAY"))
                .body("officeHours", equalTo(true))
                .body("calls", hasSize(0))
                .body("deadlines.kind", contains("DISPATCH", "REPLY"))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-27T10:30:00+08:00"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.dueAt", equalTo("2026-11-27T11:00:00+08:00"))
                .body("deadlines.state", contains("PENDING", "PENDING"));
    }

    @Test
    void shouldOpenWithTheFaultInAFewWordsAsAChangeRecordsIt() {
        long id = open(Map.of("callerNumber", Numbers.national(), "vin", "LSVAU2180N2183294",
                "fault", "  电池   无法充电 ")).statusCode(201)
                .body("fault", equalTo("电池 无法充电"))
                .extract().jsonPath().getLong("id");
        as(agent).get("/api/tickets/" + id).then().statusCode(200).body("fault", equalTo("电池 无法充电"));
        as(agent).get("/api/tickets/" + id + "/events").then().statusCode(200)
                .body("find { it.type == 'OPENED' }.detail.fault", equalTo("电池 无法充电"));
        open(Map.of("callerNumber", Numbers.national(), "fault", " ")).statusCode(201).body("fault", nullValue());
    }

    @Test
    void shouldGiveANightTicketReplyIn60AndDispatchIn120Minutes() {
        clock.set("2026-11-27T03:12:00+08:00");
        open(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-27T03:10:00+08:00"))
                .statusCode(201)
                .body("shift", equalTo("NIGHT"))
                .body("officeHours", equalTo(false))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-27T04:10:00+08:00"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.dueAt", equalTo("2026-11-27T05:10:00+08:00"));
    }

    @Test
    void shouldGiveAnInquiryOnlyAReplyDeadline() {
        open(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY"))
                .statusCode(201)
                .body("deadlines.kind", contains("REPLY"));
    }

    @Test
    void shouldAddAndWithdrawDispatchWhenTheCategoryChanges() {
        long id = openId(Numbers.national(), "INQUIRY", "2026-11-27T09:00:00+08:00");
        as(agent).body(Map.of("category", "COMPLAINT")).patch("/api/tickets/" + id)
                .then().statusCode(200)
                .body("category", equalTo("COMPLAINT"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.dueAt", equalTo("2026-11-27T10:00:00+08:00"));
        as(agent).body(Map.of("category", "INQUIRY", "reason", "a question after all")).patch("/api/tickets/" + id)
                .then().statusCode(200)
                .body("deadlines.kind", contains("REPLY"));
        as(agent).get("/api/tickets/" + id + "/events").then().statusCode(200)
                .body("type", hasItems("OPENED", "CATEGORY_CHANGED", "DEADLINE_ADDED", "DEADLINE_WITHDRAWN"))
                .body("find { it.type == 'CATEGORY_CHANGED' }.detail.to", equalTo("COMPLAINT"))
                .body("actor", hasItems(agent));
    }

    @Test
    void shouldMeetTheReplyDeadlineWhenRepliedInTime() {
        long id = openId(Numbers.national(), "GENERAL_QUALITY", "2026-11-27T10:00:00+08:00");
        clock.set("2026-11-27T10:30:00+08:00");
        as(agent).body(Map.of("channel", "PHONE", "text", "called back, booked at station"))
                .post("/api/tickets/" + id + "/replies")
                .then().statusCode(201).body("channel", equalTo("PHONE")).body("repliedBy", equalTo(agent));
        as(agent).get("/api/tickets/" + id).then().statusCode(200)
                .body("status", equalTo("REPLIED"))
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'REPLY' }.metAt", equalTo("2026-11-27T10:30:00+08:00"));
    }

    @Test
    void shouldLeaveTheReplyDeadlineBreachedWhenRepliedLate() {
        long id = openId(Numbers.national(), "GENERAL_QUALITY", "2026-11-27T10:00:00+08:00");
        clock.set("2026-11-27T10:30:01+08:00");
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'REPLY' }.metAt", nullValue());
        as(agent).body(Map.of("channel", "SMS", "text", "sorry for the wait")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'REPLY' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'REPLY' }.metAt", equalTo("2026-11-27T10:30:01+08:00"));
    }

    @Test
    void shouldMeetDispatchWhenTheNoticeIsIssuedAndLetTheStationAcknowledgeIt() {
        long station = asAdmin().body(Map.of("code", "ST-" + System.nanoTime(), "name", "Hefei North", "region", "Anhui"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = Api.user(Map.of("stationId", station), "station");
        long id = openId(Numbers.national(), "RESCUE", "2026-11-27T10:00:00+08:00");
        clock.advance(Duration.ofMinutes(40));
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "send the rescue truck to G3 km 1021",
                "distanceBand", "PROVINCE"))
                .post("/api/tickets/" + id + "/dispatches")
                .then().statusCode(201)
                .header("Location", containsString("/api/notices/"))
                .body("state", equalTo("ISSUED"))
                .body("stationId", equalTo((int) station))
                .extract().jsonPath().getLong("id");
        as(agent).get("/api/tickets/" + id).then()
                .body("status", equalTo("DISPATCHED"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("MET"));
        as(manager).get("/api/notices").then().statusCode(200).body("id", contains((int) notice));
        as(manager).get("/api/tickets/" + id).then().statusCode(200);
        as(manager).post("/api/notices/" + notice + "/ack").then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo(manager));
    }

    @Test
    void shouldDispatchToARegionalManagerButNotToAnAgent() {
        String regional = Api.user(Map.of("region", "Anhui"), "regional");
        long id = openId(Numbers.national(), "COMPLAINT", "2026-11-27T10:00:00+08:00");
        as(agent).body(Map.of("staffId", Api.staffId(agent), "instruction", "x")).post("/api/tickets/" + id + "/dispatches")
                .then().statusCode(400).body("detail", containsString("not a regional manager"));
        as(agent).body(Map.of("staffId", Api.staffId(regional), "instruction", "visit the customer"))
                .post("/api/tickets/" + id + "/dispatches").then().statusCode(201).body("staffId", notNullValue());
        as(regional).get("/api/tickets/" + id).then().statusCode(200);
    }

    @Test
    void shouldRefuseADispatchWithoutExactlyOneAddressee() {
        long id = openId(Numbers.national(), "COMPLAINT", "2026-11-27T10:00:00+08:00");
        as(agent).body(Map.of("instruction", "x")).post("/api/tickets/" + id + "/dispatches")
                .then().statusCode(400).body("detail", containsString("exactly one of stationId"));
        as(agent).body(Map.of("stationId", 999999, "instruction", "x")).post("/api/tickets/" + id + "/dispatches")
                .then().statusCode(400).body("detail", containsString("no station with id 999999"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM dispatch_notice WHERE ticket_id = " + id));
        as(agent).get("/api/tickets/" + id).then().body("status", equalTo("OPEN"));
    }

    @Test
    void shouldExemptADeadlineOnlyWithAReasonAndOnlyByDutyOrSupervisors() {
        String supervisor = Api.user("supervisor");
        long id = openId(Numbers.national(), "MAJOR_INCIDENT", "2026-11-27T10:00:00+08:00");
        as(agent).body(Map.of("kind", "DISPATCH", "reason", "police on site")).post("/api/tickets/" + id + "/exemptions")
                .then().statusCode(403).contentType("application/problem+json");
        as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "  ")).post("/api/tickets/" + id + "/exemptions")
                .then().statusCode(400).body("detail", containsString("reason"));
        as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "accident handled by the police and insurer"))
                .post("/api/tickets/" + id + "/exemptions")
                .then().statusCode(201).body("createdBy", equalTo(supervisor));
        as(agent).get("/api/tickets/" + id).then()
                .body("deadlines.find { it.kind == 'DISPATCH' }.state", equalTo("EXEMPT"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.exemptionReason",
                        equalTo("accident handled by the police and insurer"));
        as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "again")).post("/api/tickets/" + id + "/exemptions")
                .then().statusCode(409).body("detail", containsString("already EXEMPT"));
    }

    @Test
    void shouldResolveCloseAfterTheFollowUpCallAndLetOnlyASupervisorReopen() {
        String supervisor = Api.user("supervisor");
        long id = openId(Numbers.national(), "INQUIRY", "2026-11-27T10:00:00+08:00");
        as(agent).body(Map.of("resolution", "answered")).post("/api/tickets/" + id + "/resolve")
                .then().statusCode(409).body("detail", containsString("[REPLY]"));
        as(agent).body(Map.of("channel", "PHONE", "text", "charging card explained")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "explained how to use the charging card")).post("/api/tickets/" + id + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED")).body("resolvedAt", notNullValue());
        as(agent).body(Map.of("channel", "PHONE", "text", "more")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(409).body("detail", containsString("reopen"));
        as(agent).body(Map.of("note", "customer satisfied")).post("/api/tickets/" + id + "/close")
                .then().statusCode(409).body("detail", containsString("follow-up"));
        as(agent).body(Map.of("reached", true, "satisfaction", 5, "note", "customer satisfied"))
                .post("/api/tickets/" + id + "/follow-up")
                .then().statusCode(200).body("status", equalTo("CLOSED"));
        as(agent).body(Map.of("reason", "customer called again")).post("/api/tickets/" + id + "/reopen")
                .then().statusCode(403);
        as(supervisor).body(Map.of("reason", "customer called again")).post("/api/tickets/" + id + "/reopen")
                .then().statusCode(200).body("status", equalTo("OPEN")).body("closedAt", nullValue());
        as(supervisor).body(Map.of("reason", "again")).post("/api/tickets/" + id + "/reopen")
                .then().statusCode(409);
    }

    @Test
    void shouldLetOnlyASupervisorDowngradeAMajorIncidentAndOnlyWithAReason() {
        String supervisor = Api.user("supervisor");
        long id = openId(Numbers.national(), "MAJOR_INCIDENT", "2026-11-27T10:00:00+08:00");
        as(agent).body(Map.of("category", "COMPLAINT", "reason", "not major")).patch("/api/tickets/" + id)
                .then().statusCode(403).body("detail", containsString("supervisor"));
        as(supervisor).body(Map.of("category", "COMPLAINT")).patch("/api/tickets/" + id)
                .then().statusCode(400).body("detail", containsString("reason"));
        as(agent).get("/api/tickets/" + id).then().body("category", equalTo("MAJOR_INCIDENT"));
        as(supervisor).body(Map.of("category", "COMPLAINT", "reason", "a scratch, no injuries")).patch("/api/tickets/" + id)
                .then().statusCode(200).body("category", equalTo("COMPLAINT"));
        as(agent).get("/api/tickets/" + id + "/events").then()
                .body("find { it.type == 'CATEGORY_CHANGED' }.detail.reason", equalTo("a scratch, no injuries"));
    }

    @Test
    void shouldListNewestFirstWithFiltersAndPaging() {
        String caller = Numbers.national();
        openId(caller, "COMPLAINT", "2026-11-26T09:00:00+08:00");
        openId(caller, "INQUIRY", "2026-11-26T11:00:00+08:00");
        openId(caller, "COMPLAINT", "2026-11-26T13:00:00+08:00");
        as(agent).queryParam("callerNumber", "0" + caller).get("/api/tickets").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.receivedAt", contains("2026-11-26T13:00:00+08:00", "2026-11-26T11:00:00+08:00",
                        "2026-11-26T09:00:00+08:00"));
        as(agent).queryParam("callerNumber", caller).queryParam("category", "COMPLAINT").get("/api/tickets").then()
                .body("total", equalTo(2));
        as(agent).queryParam("callerNumber", caller).queryParam("from", "2026-11-26T10:00:00+08:00")
                .queryParam("to", "2026-11-26T12:00:00+08:00").get("/api/tickets").then()
                .body("total", equalTo(1)).body("items[0].category", equalTo("INQUIRY"));
        as(agent).queryParam("callerNumber", caller).queryParam("size", 2).queryParam("page", 1).get("/api/tickets").then()
                .body("total", equalTo(3)).body("items", hasSize(1))
                .body("items[0].receivedAt", equalTo("2026-11-26T09:00:00+08:00"));
        as(agent).queryParam("callerNumber", caller).queryParam("status", "OPEN").get("/api/tickets").then()
                .body("total", equalTo(3));
    }

    @Test
    void shouldRefuseBadListParametersSayingWhatIsExpected() {
        as(agent).queryParam("status", "DONE").get("/api/tickets").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("status: 'DONE' is not one of"));
        as(agent).queryParam("from", "yesterday").get("/api/tickets").then().statusCode(400)
                .body("detail", containsString("ISO-8601"));
        as(agent).queryParam("size", 5000).get("/api/tickets").then().statusCode(400)
                .body("detail", containsString("size"));
        as(agent).queryParam("callerNumber", "abc").get("/api/tickets").then().statusCode(400)
                .body("detail", containsString("callerNumber"));
    }

    @Test
    void shouldAnswer404ForAnUnknownTicket() {
        as(agent).get("/api/tickets/987654321").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("no ticket with id 987654321"));
        as(agent).body(Map.of("channel", "PHONE", "text", "x")).post("/api/tickets/987654321/replies")
                .then().statusCode(404);
        as(agent).body(Map.of("description", "x")).patch("/api/tickets/987654321").then().statusCode(404);
    }
}
