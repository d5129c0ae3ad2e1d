package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.PageSession;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The follow-up call on the pages, as a browser posts them: a resolved ticket's follow-up is in the agents'
 * call-back list with its due time, and the ticket page's form records each call until the ticket closes. The
 * list shows the 200 nearest, so these follow-ups fall due in 2001, before any other test's.
 */
@QuarkusTest
class FollowUpPageTest {

    @Inject
    TestClock clock;

    private static long resolved(String agent) {
        long id = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("channel", "PHONE", "text", "已电话解答")).post("/api/tickets/" + id + "/replies")
                .then().statusCode(201);
        as(agent).body(Map.of("resolution", "已解答")).post("/api/tickets/" + id + "/resolve").then().statusCode(200);
        return id;
    }

    private static long attempts(long ticket) {
        return Api.queryLong("SELECT attempts FROM follow_up WHERE ticket_id = " + ticket);
    }

    @Test
    void theCallBackListShowsTheFollowUpAndTheFormRecordsEachCallUntilTheTicketCloses() {
        clock.set("2001-02-05T10:00:00+08:00");
        String agent = Api.user("agent");
        long id = resolved(agent);
        PageSession page = PageSession.logIn(agent);
        String row = "<tr data-ticket=\"" + id + "\" data-kind=\"FOLLOW_UP\" class=\"follow-up\">";
        String console = page.get("/console").then().statusCode(200).extract().asString();
        String line = console.substring(console.indexOf(row), console.indexOf("</tr>", console.indexOf(row)));
        assertEquals(true, line.contains("回访") && line.contains("2001-02-06 10:00") && line.contains("已解决"), line);
        assertEquals(true, line.contains("class=\"countdown\""), line);

        // a reply owed comes before any follow-up, however overdue the follow-up: replies are due in minutes
        clock.set("2001-02-06T11:00:00+08:00");
        long fresh = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        String both = page.get("/console").then().statusCode(200).extract().asString();
        int reply = both.indexOf("<tr data-ticket=\"" + fresh + "\" data-kind=\"REPLY\"");
        assertEquals(true, reply >= 0 && reply < both.indexOf(row), "the reply owed is listed first");
        as(agent).body(Map.of("channel", "PHONE", "text", "ok")).post("/api/tickets/" + fresh + "/replies").then()
                .statusCode(201);
        clock.set("2001-02-05T10:00:00+08:00");

        String at = "/console/tickets/" + id;
        page.get(at).then().statusCode(200).body(containsString("id=\"follow-up-form\""))
                .body(containsString("待回访")).body(containsString("已拨打 0/3 次"))
                .body(not(containsString("id=\"close-form\"")));
        given().cookie("quarkus-credential", page.cookie()).header("Accept-Language", "en").get(at).then()
                .statusCode(200).body(containsString("Customer reached?")).body(containsString("5 very satisfied"))
                .body(containsString("Calls made: 0 of 3"));

        page.post(at, at + "/follow-up", Map.of("reached", "true")).then().statusCode(400)
                .body(containsString("satisfaction: required"));
        page.post(at, at + "/follow-up", Map.of("reached", "maybe")).then().statusCode(400)
                .body(containsString("reached: say whether"));
        assertEquals(0, attempts(id), "nothing written");

        clock.set("2001-02-06T10:05:00+08:00");
        page.post(at, at + "/follow-up", Map.of("reached", "false", "note", "无人接听")).then().statusCode(303)
                .header("Location", endsWith(at));
        assertEquals(1, attempts(id));
        page.get(at).then().body(containsString("未接通")).body(containsString("无人接听"))
                .body(containsString("2001-02-06 14:05"));
        page.get("/console").then().body(containsString(row));

        clock.set("2001-02-06T14:10:00+08:00");
        page.post(at, at + "/follow-up", Map.of("reached", "true", "satisfaction", "5", "note", "客户很满意"))
                .then().statusCode(303);
        assertEquals("CLOSED", Api.queryString("SELECT status FROM ticket WHERE id = " + id));
        assertEquals("REACHED", Api.queryString("SELECT state FROM follow_up WHERE ticket_id = " + id));
        page.get(at).then().body(containsString("已回访")).body(containsString("5 非常满意"))
                .body(containsString("data-type=\"FOLLOW_UP_RECORDED\"")).body(not(containsString("id=\"follow-up-form\"")));
        page.get("/console").then().body(not(containsString("data-ticket=\"" + id + "\"")));
    }

    @Test
    void aTicketWithNoNumberToCallClosesWhenResolvedAndOneResolvedBeforeFollowUpsIsClosedFromThePage()
            throws SQLException {
        clock.set("2001-02-07T10:00:00+08:00");
        String agent = Api.user("agent");
        long id = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "INQUIRY")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Api.execute("UPDATE ticket SET caller_number = NULL WHERE id = " + id);
        as(agent).body(Map.of("channel", "SMS", "text", "已解答")).post("/api/tickets/" + id + "/replies").then().statusCode(201);
        as(agent).body(Map.of("resolution", "已解答")).post("/api/tickets/" + id + "/resolve").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("CLOSED"));

        PageSession page = PageSession.logIn(agent);
        String at = "/console/tickets/" + id;
        page.get(at).then().body(containsString("无法回访")).body(not(containsString("id=\"close-form\"")))
                .body(not(containsString("id=\"follow-up-form\"")));
        page.get("/console").then().body(not(containsString("data-ticket=\"" + id + "\"")));

        // a ticket resolved before follow-ups were recorded, with no number, is left RESOLVED by the migration
        Api.execute("UPDATE ticket SET status = 'RESOLVED', closed_at = NULL WHERE id = " + id);
        page.get(at).then().body(containsString("id=\"close-form\""));
        page.post(at, at + "/close", Map.of("note", "来电未显示号码")).then().statusCode(303);
        assertEquals("CLOSED", Api.queryString("SELECT status FROM ticket WHERE id = " + id));
    }
}
