package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad body is refused with a problem that says what to fix, and nothing is written. */
@QuarkusTest
class TicketInputTest {

    @Inject
    TestClock clock;

    String agent;
    long ticketsBefore;
    long eventsBefore;
    long customersBefore;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-27T10:00:00+08:00");
        agent = Api.user("agent");
        ticketsBefore = count("ticket");
        eventsBefore = count("ticket_event");
        customersBefore = count("customer");
    }

    static long count(String table) {
        return Api.queryLong("SELECT count(*) FROM " + table);
    }

    ValidatableResponse refused(String body, int status) {
        ValidatableResponse r = as(agent).body(body).post("/api/tickets").then().log().ifValidationFails()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
        assertEquals(ticketsBefore, count("ticket"), "no ticket written");
        assertEquals(eventsBefore, count("ticket_event"), "no event written");
        assertEquals(customersBefore, count("customer"), "no customer written");
        return r;
    }

    @Test
    void shouldRefuseMalformedJson() {
        refused("{\"callerNumber\": \"13800000000\"", 400).body("title", equalTo("Malformed JSON"));
        refused("callerNumber=138", 400);
    }

    @Test
    void shouldRefuseAMissingCallerNumber() {
        refused("{\"category\":\"COMPLAINT\"}", 400).body("detail", containsString("callerNumber"));
        refused("{}", 400).body("detail", containsString("callerNumber"));
    }

    @Test
    void shouldRefuseAnEmptyBody() {
        refused("", 400);
    }

    @Test
    void shouldRefuseANumberThatCannotBeNormalisedSayingWhatWasExpected() {
        refused("{\"callerNumber\":\"call me maybe\"}", 400)
                .body("detail", containsString("callerNumber: expected a phone number valid in CN (+86): in E.164 form"))
                .body("detail", containsString("call me maybe"));
    }

    @Test
    void shouldRefuseAnUnknownCategoryListingTheKnownOnes() {
        refused("{\"callerNumber\":\"13800000000\",\"category\":\"FIRE\"}", 400)
                .body("detail", containsString("category: 'FIRE' is not valid; expected one of [GENERAL_QUALITY"));
    }

    @Test
    void shouldRefuseAnUnknownField() {
        refused("{\"callerNumber\":\"13800000000\",\"catgory\":\"COMPLAINT\"}", 400)
                .body("detail", containsString("unknown field 'catgory'"));
    }

    @Test
    void shouldRefuseAWrongTypeOfValue() {
        refused("{\"callerNumber\":[\"13800000000\"]}", 400).body("detail", containsString("callerNumber"));
        refused("{\"callerNumber\":\"13800000000\",\"receivedAt\":\"tuesday\"}", 400)
                .body("detail", containsString("receivedAt"));
    }

    @Test
    void shouldRefuseABadVin() {
        refused("{\"callerNumber\":\"13800000000\",\"vin\":\"LSVAU2180N218329O\"}", 400)
                .body("detail", containsString("vin: expected 17 letters and digits without I, O or Q"));
    }

    @Test
    void shouldRefuseAFaultLongerThanAChangeTakes() {
        refused("{\"callerNumber\":\"13800000000\",\"fault\":\"" + "x".repeat(201) + "\"}", 400)
                .body("detail", containsString("fault"));
    }

    @Test
    void shouldRefuseAReceptionTimeInTheFuture() {
        refused("{\"callerNumber\":\"13800000000\",\"receivedAt\":\"2026-11-28T10:00:00+08:00\"}", 400)
                .body("detail", containsString("receivedAt: lies in the future"));
    }

    @Test
    void shouldRefuseABodyOver64KiB() {
        String big = "{\"callerNumber\":\"13800000000\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";
        refused(big, 413).body("detail", containsString("64 KiB"));
    }

    @Test
    void shouldRefuseAnotherMediaType() {
        given().auth().preemptive().basic(agent, Api.PASSWORD).contentType("text/plain").body("13800000000")
                .post("/api/tickets").then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("application/json"));
        assertEquals(ticketsBefore, count("ticket"));
    }

    @Test
    void shouldRefuseAnEmptyChangeAndAnUnknownAssignee() {
        long id = as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long events = count("ticket_event");
        as(agent).body("{}").patch("/api/tickets/" + id).then().statusCode(400)
                .body("detail", containsString("nothing to change"));
        as(agent).body(Map.of("assigneeId", 99999999, "description", "changed")).patch("/api/tickets/" + id)
                .then().statusCode(400).body("detail", containsString("assigneeId"));
        as(agent).get("/api/tickets/" + id).then().body("description", equalTo(null));
        assertEquals(events, count("ticket_event"), "nothing half written");
    }

    @Test
    void shouldRefuseAReplyWithoutChannelOrText() {
        long id = as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("text", "hello")).post("/api/tickets/" + id + "/replies").then().statusCode(400)
                .body("detail", containsString("channel"));
        as(agent).body(Map.of("channel", "PIGEON", "text", "hello")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(400).body("detail", containsString("[PHONE, SMS, EMAIL, VISIT]"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket_reply WHERE ticket_id = " + id));
    }
}
