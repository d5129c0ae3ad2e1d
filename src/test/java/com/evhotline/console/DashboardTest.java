package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.kpi.KpiCatalog;
import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.PageSession;
import com.evhotline.support.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The supervisors' dashboard over HTTP: kept to supervisors, leaders and administrators; every figure of the
 * period in its table, a missed target marked; the charts' data embedded as JSON with a bucket for each day of
 * the period and what a click on each point opens; a figure's items listed, over a shift or a day as the charts
 * open them; a bad period refused as a page. Seeded data lives in 2051, where no other
 * test goes, and only 2051's March is asked for.
 */
@QuarkusTest
class DashboardTest {

    private static final String MARCH = "from=2051-03-01&to=2051-03-31";

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private void at(String instant) {
        clock.set(instant);
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    /** The row of one figure in the dashboard's table. */
    private static String row(String html, String key) {
        Matcher m = Pattern.compile("<tr data-figure=\"" + Pattern.quote(key) + "\"[^>]*>.*?</tr>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "the figure " + key + " is in the table");
        return m.group();
    }

    @Test
    void agentsAreRefused() {
        PageSession agent = PageSession.logIn(Api.user("agent"));
        assertEquals(403, agent.get("/console/dashboard").statusCode());
        assertEquals(403, agent.get("/console/dashboard/items?key=calls&" + MARCH).statusCode());
    }

    @Test
    void aSupervisorSeesEveryFigureTheChartsDataAndTheItemsOfAFigure() throws Exception {
        at("2051-03-08T10:00:00+08:00"); // a Wednesday in office hours: a DAY ticket, its reply due in 30 minutes
        long ticket = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        String number = Api.queryString("SELECT number FROM ticket WHERE id = " + ticket);
        at("2051-03-08T10:31:00+08:00"); // the reply is late
        PageSession supervisor = PageSession.logIn(Api.user("supervisor"));

        Response shown = supervisor.get("/console/dashboard?" + MARCH);
        assertEquals(200, shown.statusCode(), shown.asString());
        String page = shown.asString();
        for (KpiCatalog.Definition d : KpiCatalog.all()) {
            if (d.key().startsWith(KpiCatalog.BY_HOUR + ".")) {
                assertTrue(!page.contains("data-figure=\"" + d.key() + "\""), "the hourly rates are a chart: " + d.key());
                continue;
            }
            assertTrue(row(page, d.key()).contains("href=\"/console/dashboard/items?key=" + d.key()
                    + "&amp;from=2051-03-01&amp;to=2051-03-31\""), row(page, d.key()));
        }
        assertTrue(row(page, "replyOnTimeRate").contains("class=\"below-target\""),
                "the one reply was late, under its 100%: " + row(page, "replyOnTimeRate"));
        assertTrue(row(page, "replyOnTimeRate").contains("0 / 1"), row(page, "replyOnTimeRate"));
        assertTrue(!row(page, "tickets").contains("below-target"), "a count without a target misses nothing");
        assertTrue(page.contains("<script src=\"/webjars/echarts/dist/echarts.min.js\"></script>"), page);
        for (String chart : new String[] {"answer-rate", "by-hour", "shifts", "handling", "trend"}) {
            assertTrue(page.contains("<div class=\"chart\" id=\"chart-" + chart + "\""), chart);
        }

        Matcher embedded = Pattern.compile(
                "<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertTrue(embedded.find(), "the charts' data is in the page");
        JsonNode data = new ObjectMapper().readTree(embedded.group(1));
        assertEquals("2051-03-01", data.get("period").get("from").asText(), "the hours and shifts open the period");
        assertEquals("2051-03-31", data.get("period").get("to").asText());
        assertEquals(31, data.get("days").size(), "a bucket for every day of March");
        assertEquals("2051-03-01", data.get("days").get(0).asText());
        assertEquals("2051-03-31", data.get("days").get(30).asText());
        assertEquals(31, data.get("answerRate").size());
        assertEquals(24, data.get("hours").size(), "a bar for every hour of the day");
        assertEquals("answerRateByHour.00", data.get("hours").get(0).get("key").asText());
        assertEquals("answerRateByHour.23", data.get("hours").get(23).get("key").asText());
        assertEquals(12, data.get("months").size(), "twelve months up to March");
        assertEquals("2050-04", data.get("months").get(0).asText());
        assertEquals("2051-03", data.get("months").get(11).asText());
        assertEquals(12, data.get("monthSpans").size(), "a month's point opens that month's days");
        assertEquals("2050-04-01", data.get("monthSpans").get(0).get("from").asText());
        assertEquals("2050-04-30", data.get("monthSpans").get(0).get("to").asText());
        assertEquals("2051-03-01", data.get("monthSpans").get(11).get("from").asText());
        assertEquals("2051-03-31", data.get("monthSpans").get(11).get("to").asText());
        JsonNode replyDay = data.get("shifts").get(0);
        assertEquals("reply", replyDay.get("kind").asText());
        assertEquals("DAY", replyDay.get("shift").asText());
        assertEquals("replyOnTimeRateDay", replyDay.get("key").asText(), "the bar opens the day shift's replies");
        assertEquals(0, replyDay.get("met").asLong());
        assertEquals(1, replyDay.get("breached").asLong(), "the late reply, on the day shift");
        assertEquals(3.0, data.get("handlingTargets").get("general").asDouble());
        assertEquals(1.0, data.get("handlingTargets").get("major").asDouble());

        Response items = supervisor.get("/console/dashboard/items?key=tickets&" + MARCH);
        assertEquals(200, items.statusCode(), items.asString());
        Matcher item = Pattern.compile("<tr data-item=\"TICKET\" data-id=\"" + ticket + "\".*?</tr>", Pattern.DOTALL)
                .matcher(items.asString());
        assertTrue(item.find(), "the seeded ticket is listed: " + items.asString());
        assertTrue(item.group().contains("href=\"/console/tickets/" + ticket + "\"") && item.group().contains(number),
                item.group());

        // what the charts open: the day shift's replies over the period, the general complaints received on a day
        assertTrue(lists(supervisor, "replyOnTimeRateDay&" + MARCH, ticket), "the late reply is the day shift's");
        assertTrue(!lists(supervisor, "replyOnTimeRateNight&" + MARCH, ticket), "and not the night shift's");
        assertTrue(lists(supervisor, "avgHandlingDaysGeneral&from=2051-03-08&to=2051-03-08", ticket),
                "the complaint is on the day it was received");
        assertTrue(!lists(supervisor, "avgHandlingDaysGeneral&from=2051-03-09&to=2051-03-09", ticket),
                "and on no other day");
    }

    /** Whether the drill-down page of {@code keyAndPeriod} lists an item of the ticket. */
    private static boolean lists(PageSession user, String keyAndPeriod, long ticket) {
        Response items = user.get("/console/dashboard/items?key=" + keyAndPeriod);
        assertEquals(200, items.statusCode(), items.asString());
        return items.asString().contains("href=\"/console/tickets/" + ticket + "\"");
    }

    @Test
    void aBadPeriodIsRefusedAsAPage() {
        PageSession supervisor = PageSession.logIn(Api.user("supervisor"));
        Response refused = supervisor.get("/console/dashboard?from=2051-03-31&to=2051-03-01");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.contentType().startsWith("text/html"), refused.contentType());
        assertTrue(refused.asString().contains("data-status=\"400\"") && refused.asString().contains("must be before to"),
                refused.asString());
        Response unknown = supervisor.get("/console/dashboard/items?key=noSuchFigure&" + MARCH);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.contentType().startsWith("text/html"), unknown.contentType());
    }
}
