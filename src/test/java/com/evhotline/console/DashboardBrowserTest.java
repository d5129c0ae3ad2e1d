package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Browser;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real browser: a supervisor opens it and ECharts draws each chart (a canvas inside every
 * chart's element); a click on a bar or point opens the items it counts. The period is 2051's April, where no
 * other test goes. Screenshots under target/screenshots.
 */
@QuarkusTest
class DashboardBrowserTest {

    /** The week the clicks look at; the complaint is received on its Wednesday, the 12th. */
    private static final String WEEK = "from=2051-04-10&to=2051-04-16";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    private void at(String instant) {
        clock.set(instant);
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aSupervisorOpensTheDashboardAndTheChartsAreDrawn() {
        clock.set("2051-04-20T10:00:00+08:00");
        String supervisor = Api.user("supervisor");
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/login"), supervisor);
            d.get(url("/console/dashboard?from=2051-04-01&to=2051-04-30"));
            var wait = Browser.waitOn(d, Duration.ofSeconds(15));
            assertEquals(5, d.findElements(By.cssSelector("div.chart")).size());
            wait.until(x -> x.findElements(By.cssSelector("div.chart canvas")).size() >= 5);
            for (String id : new String[] {"chart-answer-rate", "chart-by-hour", "chart-shifts", "chart-handling", "chart-trend"}) {
                assertEquals(false, d.findElements(By.cssSelector("#" + id + " canvas")).isEmpty(), id + " is drawn");
            }
            assertEquals(false, d.findElements(By.cssSelector("#figures tr[data-figure='officeHoursAnswerRate']")).isEmpty());
            browser.screenshot("dashboard-1");
        }
    }

    @Test
    void aClickOnABarOrPointOpensTheItemsOfItsShiftDayOrMonth() {
        String supervisor = Api.user("supervisor");
        at("2051-04-12T10:00:00+08:00"); // a Wednesday in office hours: a day shift complaint, its reply due at 10:30
        long ticket = as(supervisor).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        at("2051-04-12T10:31:00+08:00");
        as(supervisor).body(Map.of("channel", "PHONE", "text", "we call you back with the station"))
                .post("/api/tickets/" + ticket + "/replies").then().statusCode(201);
        as(supervisor).body(Map.of("kind", "DISPATCH", "reason", "the customer fixed it at home"))
                .post("/api/tickets/" + ticket + "/exemptions").then().statusCode(201);
        at("2051-04-14T10:00:00+08:00"); // resolved two days after it came in
        as(supervisor).body(Map.of("resolution", "charging cable replaced")).post("/api/tickets/" + ticket + "/resolve")
                .then().statusCode(200);
        at("2051-04-20T10:00:00+08:00");
        String ticketLink = "#items a[href='/console/tickets/" + ticket + "']";
        try (Browser browser = Browser.open("zh-CN,zh")) {
            browser.logIn(url("/login"), supervisor);

            browser.driver().get(url("/console/dashboard?" + WEEK));
            clickPoint(browser, "chart-shifts", 1, 0); // reply · day shift, breached
            assertEquals("replyOnTimeRateDay", browser.awaitShown("#items-title").attribute("data-key"));
            assertTrue(browser.awaitShown("#items-title + p").text().contains("2051-04-10 至 2051-04-16"),
                    "the shift's items over the period shown");
            browser.awaitShown(ticketLink);
            browser.screenshot("dashboard-shift-items");

            browser.driver().get(url("/console/dashboard?" + WEEK));
            clickPoint(browser, "chart-handling", 0, 2); // general complaints, the 12th
            assertEquals("avgHandlingDaysGeneral", browser.awaitShown("#items-title").attribute("data-key"));
            assertTrue(browser.awaitShown("#items-title + p").text().contains("2051-04-12 至 2051-04-12"),
                    "the items of that day");
            assertTrue(browser.awaitShown("#items tr[data-item='TICKET']").text().contains("2.00"), "two days to resolve");

            browser.driver().get(url("/console/dashboard?" + WEEK));
            clickPoint(browser, "chart-trend", 1, 11); // replies on time, April
            assertEquals("replyOnTimeRate", browser.awaitShown("#items-title").attribute("data-key"));
            assertTrue(browser.awaitShown("#items-title + p").text().contains("2051-04-01 至 2051-04-16"),
                    "April as the trend counts it, up to the period's end");
            browser.awaitShown(ticketLink);
        }
    }

    /**
     * Clicks with the mouse, as a person would, the middle of bar or point {@code index} of series {@code series} of
     * a chart, until the drill-down page opens: a click while the chart still animates can miss.
     */
    @SuppressWarnings("unchecked")
    private static void clickPoint(Browser browser, String chart, int series, int index) {
        String where = """
                const el = document.getElementById(arguments[0]);
                if (!el || typeof echarts === 'undefined') return null;
                const chart = echarts.getInstanceByDom(el);
                const [s, i] = [arguments[1], arguments[2]];
                const bar = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
                const at = bar && bar.width !== undefined ? [bar.x + bar.width / 2, bar.y + bar.height / 2]
                    : chart.convertToPixel({ seriesIndex: s }, [i, chart.getOption().series[s].data[i]]);
                el.scrollIntoView({ block: 'center' });
                const box = el.getBoundingClientRect();
                return [Math.round(box.left + at[0]), Math.round(box.top + at[1])];""";
        Browser.waitOn(browser.driver(), Duration.ofSeconds(15)).until(d -> {
            if (d.getCurrentUrl().contains("/console/dashboard/items")) {
                return true;
            }
            List<Number> at = (List<Number>) ((JavascriptExecutor) d).executeScript(where, chart, series, index);
            if (at != null) {
                new Actions(d).moveToLocation(at.get(0).intValue(), at.get(1).intValue()).click().perform();
            }
            return false;
        });
    }
}
