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
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each person's pages show and let them do: a station manager sees on a ticket only what concerns their
 * station, and cannot act on another station's notice from the portal; pages a role may not open say so in a
 * page of their own; the on-duty page wants a login like every other page.
 */
@QuarkusTest
class PageScopeTest {

    private static long station(String name) {
        return Api.asAdmin().body(Map.of("code", "PG" + System.nanoTime() % 1_000_000_000L, "name", name))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aStationManagerSeesOnlyItsOwnPartOfATicketAndCannotActOnAnotherStationsNotice() {
        long mine = station("镇江南");
        long theirs = station("泰州北");
        String manager = Api.user(Map.of("stationId", mine), "station");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long ours = as(agent).body(Map.of("stationId", mine, "instruction", "本站：检查电池"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
        long other = as(agent).body(Map.of("stationId", theirs, "instruction", "他站：更换轮胎"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");

        PageSession page = PageSession.logIn(manager);
        page.get("/console/tickets/" + ticket).then().statusCode(200)
                .body(containsString("本站：检查电池"))
                .body(not(containsString("他站：更换轮胎")))
                .body(not(containsString("\"noticeId\":" + other)))
                .body(not(containsString("id=\"calls\"")))
                .body(not(containsString("id=\"alerts\"")));

        as(manager).get("/api/tickets/" + ticket + "/events").then().statusCode(200) // the API shows as much as the page
                .body(containsString("\"noticeId\":" + ours)).body(not(containsString("\"noticeId\":" + other)));
        page.post("/station", "/station/notices/" + other + "/ack", Map.of()).then().statusCode(403);
        page.post("/station", "/station/notices/" + other + "/reports", Map.of("kind", "FIXED")).then().statusCode(403);
        assertEquals("ISSUED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + other), "nothing done");
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notice_report WHERE notice_id = " + other));
        page.post("/station", "/station/notices/" + ours + "/reports", Map.of("kind", "ON_THE_WAY")).then().statusCode(303);
    }

    @Test
    void aPageARoleMayNotOpenIsAPageThatSaysSoAndTheDutyPageWantsALogin() {
        given().redirects().follow(false).get("/duty").then().statusCode(302).header("Location", endsWith("/login"));
        PageSession agent = PageSession.logIn(Api.user("agent"));
        agent.get("/console/calls/1/recording").then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("无权"));
        agent.get("/console/tickets/999999999").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("未找到")).body(containsString("href=\"/\""));
        long station = station("盐城东");
        PageSession.logIn(Api.user(Map.of("stationId", station), "station")).get("/console/queue").then().statusCode(403);
        agent.get("/console/queue").then().statusCode(200).body(containsString("data-problem=\"NO_DEVICE\""))
                .body(containsString("您的话机尚未登记")); // an agent without a phone in staff data is told what to do
    }
}
