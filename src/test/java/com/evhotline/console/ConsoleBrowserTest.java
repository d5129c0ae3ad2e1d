package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Browser;
import com.evhotline.support.FakePbx;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real browser: an agent logs in (in Chinese, as the browser asks), sees the countdown of a
 * ticket and records its reply, which turns the deadline to met on the page; a station manager acknowledges
 * a notice and cannot open another station's ticket. Each step leaves a screenshot under target/screenshots.
 */
@QuarkusTest
class ConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }


    @Test
    void anAgentLogsInSeesTheCountdownAndTheReplyMeetsTheDeadline() {
        clock.set(Instant.now()); // the page counts down in the browser's own time
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            d.get(url("/console"));
            assertTrue(d.getCurrentUrl().contains("/login"), "not logged in: the login page, " + d.getCurrentUrl());
            assertEquals("登录", d.findElement(By.tagName("h1")).getText(), "in Chinese by default");
            browser.screenshot("agent-1-login");
            browser.logIn(url("/console"), agent);
            assertTrue(d.getCurrentUrl().endsWith("/console"), d.getCurrentUrl());

            String countdown = d.findElement(By.cssSelector("tr[data-ticket='" + ticket + "'] .countdown")).getText();
            // the wall clock decides the shift: 30 minutes to reply by day, an hour at night
            assertTrue(countdown.matches("[0-9]{2}:[0-9]{2}|1:00:00"), "a countdown within the reply window: " + countdown);
            assertTrue(d.findElement(By.cssSelector("tr[data-ticket='" + ticket + "'] .countdown")).getAttribute("data-warn")
                    != null, "it turns amber when the engine warns, not at a fixed time");
            browser.screenshot("agent-2-console");

            d.findElement(By.cssSelector("tr[data-ticket='" + ticket + "'] a")).click();
            assertEquals("进行中", d.findElement(By.cssSelector("tr[data-kind='REPLY'] td:nth-child(2)")).getText());
            d.findElement(By.id("reply-text")).sendKeys("已联系客户，明早派技师上门");
            browser.screenshot("agent-3-ticket");
            d.findElement(By.id("reply")).click();

            Browser.waitOn(d, Duration.ofSeconds(10)).until(x -> "MET".equals(
                    x.findElement(By.cssSelector("tr[data-kind='REPLY']")).getAttribute("data-state")));
            assertEquals("已按时完成", d.findElement(By.cssSelector("tr[data-kind='REPLY'] td:nth-child(2)")).getText());
            assertTrue(d.findElement(By.cssSelector("#timeline tr[data-type='REPLY_RECORDED']")).getText().contains("答复客户"),
                    "the history says it in words");
            browser.screenshot("agent-4-replied");
        }
        assertEquals("MET", Api.queryString("SELECT state FROM deadline WHERE kind = 'REPLY' AND ticket_id = " + ticket));
    }

    @Test
    void aCallFromThePbxPopsUpOnTheAgentsScreenWithTheCallersTicket() {
        clock.set(Instant.parse("2046-03-07T02:00:00Z")); // a Wednesday, 10:00 in Beijing: the queue answers
        String agent = Api.user("agent");
        String caller = Numbers.national();
        String vin = "LRW3E7FA5PC" + String.format("%06d", System.nanoTime() % 1_000_000);
        long earlier = as(agent).body(Map.of("callerNumber", caller, "category", "COMPLAINT", "customerName", "王女士",
                "vin", vin)).post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/console"), agent);
            Browser.waitOn(d, Duration.ofSeconds(10)).until(x -> "yes".equals(
                    x.findElement(By.tagName("body")).getAttribute("data-live")));

            String linkedId = "1795900000." + System.nanoTime() % 1_000_000;
            AgiResult agi = FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                    .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
            assertEquals("QUEUE", agi.variables().get("HOTLINE_ROUTE"));

            WebElement pop = Browser.waitOn(d, Duration.ofSeconds(10)).until(x -> x.findElements(
                    By.cssSelector("#pops section.pop")).stream().findFirst().orElse(null));
            assertEquals(Long.toString(earlier), pop.getAttribute("data-ticket"), "the call joined the caller's open ticket");
            String text = pop.getText();
            assertTrue(text.contains("来电") && text.contains(caller.substring(caller.length() - 6)), text);
            assertTrue(text.contains("王女士"), "the known customer: " + text);
            assertTrue(text.contains(vin), "the customer's vehicle: " + text);
            browser.screenshot("agent-5-pop");

            pop.findElement(By.cssSelector("a.pop-ticket")).click();
            assertTrue(d.getCurrentUrl().endsWith("/console/tickets/" + earlier), "one click to the ticket: " + d.getCurrentUrl());
            browser.screenshot("agent-6-popped-ticket");
        }
    }

    @Test
    void anAgentJoinsTheQueuePausesForAMealAndTheConsoleShowsWhatThePbxSays() {
        String device = "PJSIP/b" + System.nanoTime() % 10_000_000;
        String agent = Api.user(Map.of("device", device), "agent");
        Await.until("the service's link to the PBX", Duration.ofSeconds(20),
                () -> as(agent).get("/api/agents/me/queue").statusCode() == 200);
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/console"), agent);
            // the panel is redrawn on every change the PBX reports: an element read may be replaced meanwhile
            var wait = Browser.waitOn(d, Duration.ofSeconds(10));
            wait.until(x -> "OUT".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            d.findElement(By.id("queue-login")).click();
            wait.until(x -> "READY".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            assertTrue(FakePbx.ami().inQueue("hotline", device), "the phone is in the PBX's queue");

            new org.openqa.selenium.support.ui.Select(d.findElement(By.id("pause-reason"))).selectByValue("MEAL");
            d.findElement(By.id("queue-pause")).click();
            wait.until(x -> "PAUSED".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            wait.until(x -> x.findElement(By.id("queue-panel")).getText().contains("用餐")); // the reason in words
            browser.screenshot("agent-7-paused");

            d.findElement(By.id("queue-unpause")).click();
            wait.until(x -> "READY".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            d.findElement(By.id("queue-logout")).click();
            wait.until(x -> "OUT".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            assertFalse(FakePbx.ami().inQueue("hotline", device), "out of the PBX's queue");
        }
    }

    @Test
    void aStationManagerAcknowledgesItsNoticeButCannotOpenAnotherStationsTicket() {
        clock.set(Instant.now());
        long station = Api.asAdmin().body(Map.of("code", "BR" + System.nanoTime() % 1_000_000_000L, "name", "南京东"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long other = Api.asAdmin().body(Map.of("code", "BO" + System.nanoTime() % 1_000_000_000L, "name", "合肥北"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = Api.user(Map.of("stationId", station), "station");
        String agent = Api.user("agent");
        long mine = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "请检查充电口"))
                .post("/api/tickets/" + mine + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
        long theirs = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", other, "instruction", "别的站"))
                .post("/api/tickets/" + theirs + "/dispatches").then().statusCode(201);

        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/login"), manager);
            assertTrue(d.getCurrentUrl().endsWith("/station"), "a station manager lands on the portal: " + d.getCurrentUrl());
            browser.screenshot("station-1-notices");
            d.findElement(By.cssSelector("section[data-notice='" + notice + "'] button.ack")).click();
            Browser.waitOn(d, Duration.ofSeconds(10)).until(x -> x.findElements(
                    By.cssSelector("section[data-notice='" + notice + "'] button.ack")).isEmpty());
            assertTrue(d.findElement(By.cssSelector("section[data-notice='" + notice + "']")).getText().contains("已确认"));
            browser.screenshot("station-2-acknowledged");

            // the crew sets off: a vehicle on the register, a report, then its arrival (each a form post and a new page)
            var wait = Browser.waitOn(d, Duration.ofSeconds(10));
            String card = "section[data-notice='" + notice + "'] ";
            d.findElement(By.cssSelector(card + "details.trips summary")).click();
            d.findElement(By.cssSelector(card + "input[name='plate']")).sendKeys("苏E·A1234");
            d.findElement(By.cssSelector(card + "input[name='crew']")).sendKeys("张师傅、李师傅");
            d.findElement(By.cssSelector(card + "button.vehicle-out")).click();
            wait.until(x -> !x.findElements(By.cssSelector(card + "[data-trip] button.arrived")).isEmpty());
            d.findElement(By.cssSelector(card + "input[name='note']")).sendKeys("预计40分钟到");
            d.findElement(By.cssSelector(card + "button.report[value='ON_THE_WAY']")).click();
            wait.until(x -> x.findElement(By.cssSelector(card + "li[data-progress='ON_THE_WAY']")).getText().contains("预计40分钟到"));
            d.findElement(By.cssSelector(card + "[data-trip] button.arrived")).click();
            wait.until(x -> x.findElements(By.cssSelector(card + "[data-trip] button.arrived")).isEmpty());
            String trip = d.findElement(By.cssSelector(card + "[data-trip]")).getText();
            assertTrue(trip.contains("苏EA1234") && trip.contains("到达"), "the plate as registered, arrived: " + trip);
            browser.screenshot("station-2b-vehicle-and-progress");

            d.get(url("/console/tickets/" + theirs));
            assertTrue(d.getPageSource().contains("not sent to your station"), "another station's ticket is refused");
            browser.screenshot("station-3-refused");
        }
        assertEquals("ACKNOWLEDGED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + notice));
    }

    @Test
    void theLoginPageIsInEnglishWhenTheBrowserAsksForIt() {
        try (Browser browser = Browser.open("en-GB,en")) {
            WebDriver d = browser.driver();
            d.get(url("/login"));
            assertEquals("Log in", d.findElement(By.tagName("h1")).getText());
            d.findElement(By.id("language")).click();
            assertEquals("登录", d.findElement(By.tagName("h1")).getText(), "the user's own choice wins");
            browser.screenshot("login-languages");
        }
    }
}
