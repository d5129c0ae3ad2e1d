package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Numbers as the phone network has them, with the test profile's area code 021: a short service number stays as
 * dialled, a local landline gains the area code, and a person's mobile must take SMS. Calls are placed in 2039,
 * where no other test places them.
 */
@QuarkusTest
class ServiceAndLocalNumbersTest {

    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis() / 1000 * 1000 + 390);

    @Inject
    TestClock clock;

    @Test
    void shouldKeepAShortServiceNumberAsDialledOnATicketAndFindItByThatNumber() {
        clock.set("2039-03-01T10:00:00+08:00");
        String agent = Api.user("agent");

        long id = as(agent).body(Map.of("callerNumber", "955 98")).post("/api/tickets").then().statusCode(201)
                .body("callerNumber", equalTo("95598")).extract().jsonPath().getLong("id");

        assertEquals("95598", Api.queryString("SELECT caller_number FROM ticket WHERE id = " + id));
        assertEquals("95598", Api.queryString("SELECT c.phone FROM customer c JOIN ticket t ON t.customer_id = c.id"
                + " WHERE t.id = " + id));
        as(agent).queryParam("callerNumber", "95598").get("/api/tickets").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem((int) id));
    }

    @Test
    void shouldGiveALocalLandlineTheConfiguredAreaCode() {
        clock.set("2039-03-01T10:05:00+08:00");
        as(Api.user("agent")).body(Map.of("callerNumber", "6234 5678")).post("/api/tickets").then().statusCode(201)
                .body("callerNumber", equalTo("+862162345678"));
    }

    @Test
    void shouldRefuseANumberTheNumberingPlanDoesNotAllowAndSayWhatItTakes() {
        as(Api.user("agent")).body(Map.of("callerNumber", "+86 123")).post("/api/tickets").then().statusCode(400)
                .body("detail", startsWith("callerNumber: expected a phone number valid in CN (+86)"));
    }

    @Test
    void shouldRefuseALandlineAsAPersonsMobile() {
        Api.asAdmin().body(Map.of("name", "Desk phone", "mobile", "021 6234 5678", "roles", java.util.List.of("duty")))
                .post("/api/staff").then().statusCode(400)
                .body("detail", startsWith("mobile: expected a mobile number that takes SMS"));
    }

    @Test
    void shouldRecordACallFromAServiceNumberAndFromALocalLandlineAsThePhoneNetworkHasThem() {
        clock.set("2039-03-01T11:00:00+08:00");
        assertEquals("95598", callerRecordedFor("95598"));
        assertEquals("+862162345679", callerRecordedFor("62345679"));
    }

    private static String callerRecordedFor(String callerId) {
        String linkedId = SEQ.incrementAndGet() + ".0";
        FakeAgiClient.call().callerId(callerId).linkedId(linkedId).run("127.0.0.1", EmbeddedPostgresResource.agiPort());
        return Await.value(() -> Api.queryString("SELECT t.caller_number FROM call_record c JOIN ticket t"
                + " ON t.id = c.ticket_id WHERE c.linked_id = '" + linkedId + "'"), Duration.ofSeconds(10));
    }
}
