package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.PageSession;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The quality reports page: supervisors and leaders list the reports kept and download them; agents may not. */
@QuarkusTest
class ReportsPageTest {

    @Inject
    TestClock clock;

    @Test
    void aLeaderListsTheReportsAndDownloadsThemAndAnAgentIsTurnedAway() {
        clock.set("2054-02-10T10:00:00+08:00");
        as(Api.user("supervisor")).post("/api/reports/daily/2054-02-08").then().statusCode(201);

        PageSession leader = PageSession.logIn(Api.user("leader"));
        leader.get("/console/reports").then().statusCode(200)
                .body(containsString("data-date=\"2054-02-08\""))
                .body(containsString("href=\"/console/reports/2054-02-08.pdf\""))
                .body(containsString("id=\"nav-reports\""));
        Response pdf = leader.get("/console/reports/2054-02-08.pdf");
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.asByteArray().length > 1000 && new String(pdf.asByteArray(), 0, 5).equals("%PDF-"));
        leader.get("/console/reports/2054-02-08.csv").then().statusCode(200).body(containsString("工单号"));
        leader.get("/console/reports/2054-02-07.csv").then().statusCode(404).contentType(containsString("text/html"));

        PageSession agent = PageSession.logIn(Api.user("agent"));
        assertEquals(403, agent.get("/console/reports").statusCode());
        assertEquals(403, agent.get("/console/reports/2054-02-08.pdf").statusCode());
    }
}
