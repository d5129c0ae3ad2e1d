package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ticket page's forms, as a browser posts them: classify, dispatch to a station, exempt, resolve. What the
 * API would refuse is refused on the page with the service's reason, and nothing is written; the page shows the
 * notices, the calls and the history that follow.
 */
@QuarkusTest
class TicketFormsTest {

    private static long ticket(String agent, String category) {
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "category", category)).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void anAgentDispatchesAndReclassifiesFromThePageAndARescueNeedsItsDistance() {
        long station = Api.asAdmin().body(Map.of("code", "TF" + System.nanoTime() % 1_000_000_000L, "name", "南通北"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String agent = Api.user("agent");
        PageSession page = PageSession.logIn(agent);
        long id = ticket(agent, "RESCUE");
        String at = "/console/tickets/" + id;

        page.post(at, at + "/dispatch", Map.of("stationId", station, "instruction", "拖车到店")).then().statusCode(400)
                .body(containsString("distanceBand"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM dispatch_notice WHERE ticket_id = " + id), "nothing written");

        page.post(at, at + "/dispatch", Map.of("stationId", station, "instruction", "拖车到店", "distanceBand", "COUNTY"))
                .then().statusCode(303).header("Location", endsWith(at));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM dispatch_notice WHERE ticket_id = " + id));
        page.get(at).then().statusCode(200).body(containsString("拖车到店")).body(containsString("data-kind=\"ARRIVAL\""));

        page.post(at, at + "/classify", Map.of("category", "COMPLAINT", "reason", "客户只是投诉服务态度")).then().statusCode(303);
        assertEquals("COMPLAINT", Api.queryString("SELECT category FROM ticket WHERE id = " + id));
        page.get(at).then().body(containsString("data-type=\"CATEGORY_CHANGED\""));
        page.post(at, at + "/classify", Map.of("category", "WHATEVER")).then().statusCode(400)
                .body(containsString("category: one of"));
    }

    @Test
    void theClassifyFormRecordsTheFaultAndEmptiedRemovesIt() {
        String agent = Api.user("agent");
        PageSession page = PageSession.logIn(agent);
        long id = ticket(agent, "GENERAL_QUALITY");
        String at = "/console/tickets/" + id;
        page.post(at, at + "/classify", Map.of("category", "GENERAL_QUALITY", "fault", "  电池无法充电 ")).then()
                .statusCode(303);
        assertEquals("电池无法充电", Api.queryString("SELECT fault FROM ticket WHERE id = " + id));
        page.get(at).then().body(containsString("id=\"classify-fault\" maxlength=\"200\" value=\"电池无法充电\""))
                .body(containsString("id=\"ticket-fault\""));
        page.post(at, at + "/classify", Map.of("category", "GENERAL_QUALITY", "fault", "x".repeat(201))).then()
                .statusCode(400).body(containsString("fault: at most 200 characters"));
        page.post(at, at + "/classify", Map.of("category", "GENERAL_QUALITY", "fault", "")).then().statusCode(303);
        assertEquals(null, Api.queryString("SELECT fault FROM ticket WHERE id = " + id));
    }

    @Test
    void onlyThoseWhoMayExemptSeeTheFormAndAReasonIsNeeded() {
        String agent = Api.user("agent");
        String supervisor = Api.user("supervisor");
        long id = ticket(agent, "COMPLAINT");
        String at = "/console/tickets/" + id;
        PageSession.logIn(agent).get(at).then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("exempt-form")));
        PageSession boss = PageSession.logIn(supervisor);
        boss.post(at, at + "/exempt", Map.of("deadline", "REPLY", "reason", " ")).then().statusCode(400)
                .body(containsString("reason: required"));
        boss.post(at, at + "/exempt", Map.of("deadline", "REPLY", "reason", "客户要求明天再联系")).then().statusCode(303);
        assertEquals("EXEMPT", Api.queryString("SELECT state FROM deadline WHERE kind = 'REPLY' AND ticket_id = " + id));
    }

    @Test
    void resolvingNeedsWhatWasDone() {
        String agent = Api.user("agent");
        long id = ticket(agent, "INQUIRY");
        String at = "/console/tickets/" + id;
        PageSession page = PageSession.logIn(agent);
        page.post(at, at + "/resolve", Map.of("resolution", "")).then().statusCode(400).body(containsString("resolution"));
        page.post(at, at + "/resolve", Map.of("resolution", "已解答")).then().statusCode(409)
                .body(containsString("still owes")); // the customer has not been answered yet
        page.post(at, at + "/reply", Map.of("channel", "PHONE", "text", "已电话解答")).then().statusCode(303);
        page.post(at, at + "/resolve", Map.of("resolution", "已解答充电桩使用问题")).then().statusCode(303);
        assertEquals("RESOLVED", Api.queryString("SELECT status FROM ticket WHERE id = " + id));
        page.get(at).then().body(org.hamcrest.Matchers.not(containsString("id=\"reply-form\"")));
    }
}
