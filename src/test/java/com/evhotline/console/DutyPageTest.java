package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The on-duty page: the alerts sent to the person, acknowledged in one tap; their tickets with a reply and a
 * dispatch in two taps, back to the page; someone else's alert cannot be acknowledged from it.
 */
@QuarkusTest
class DutyPageTest {

    @jakarta.inject.Inject
    com.evhotline.support.TestClock clock;

    @Test
    void thePersonOnDutyAcknowledgesAnAlertAndRepliesAndDispatchesFromThePage() throws Exception {
        clock.set(java.time.Instant.now()); // the alert below is written at the database's now
        long station = Api.asAdmin().body(Map.of("code", "DP" + System.nanoTime() % 1_000_000_000L, "name", "扬州东"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String duty = Api.user(Map.of("mobile", Numbers.e164(Numbers.national())), "duty");
        long me = Api.staffId(duty);
        long ticket = as(duty).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.execute("UPDATE ticket SET assignee_id = " + me + " WHERE id = " + ticket);
        Api.execute("INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, subject,"
                + " state, delivered_at, planned) VALUES (now(), 'duty-page-test-" + ticket + "', 'DEADLINE_WARNING', 'WEB', "
                + me + ", " + ticket + ", '工单回复即将超时', 'DELIVERED', now(), false)");
        long alert = Api.queryLong("SELECT id FROM notification WHERE source = 'duty-page-test-" + ticket + "'");

        PageSession page = PageSession.logIn(duty);
        page.get("/duty").then().statusCode(200).body(containsString("data-alert=\"" + alert + "\""))
                .body(containsString("data-ticket=\"" + ticket + "\"")).body(containsString("工单回复即将超时"));

        String other = Api.user(Map.of("mobile", Numbers.e164(Numbers.national())), "duty");
        PageSession.logIn(other).post("/duty", "/duty/alerts/" + alert + "/ack", Map.of()).then().statusCode(404);
        page.post("/duty", "/duty/alerts/" + alert + "/ack", Map.of()).then().statusCode(303)
                .header("Location", endsWith("/duty"));
        assertNotNull(Api.queryString("SELECT acknowledged_at FROM notification WHERE id = " + alert), "acknowledged");

        page.post("/duty", "/console/tickets/" + ticket + "/reply", Map.of("from", "duty", "channel", "PHONE",
                "text", "已电话联系客户")).then().statusCode(303).header("Location", endsWith("/duty"));
        assertEquals("MET", Api.queryString("SELECT state FROM deadline WHERE kind = 'REPLY' AND ticket_id = " + ticket));
        page.post("/duty", "/console/tickets/" + ticket + "/dispatch", Map.of("from", "duty", "stationId", station,
                "instruction", "请到场处理")).then().statusCode(303).header("Location", endsWith("/duty"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM dispatch_notice WHERE ticket_id = " + ticket));
    }

    @Test
    void agentsAndStationsDoNotOpenIt() {
        PageSession.logIn(Api.user("agent")).get("/duty").then().statusCode(403);
    }
}
