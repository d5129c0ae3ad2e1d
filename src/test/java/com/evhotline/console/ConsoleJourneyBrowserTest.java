package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Browser;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.FakePbx;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.FakeAgiClient;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The whole day's work in real browsers: an agent joins the queue, a call arrives and pops up, the agent opens its
 * ticket, replies and dispatches it to a station; the station manager, on a phone, acknowledges the notice; the
 * agent's ticket page, left open, shows each deadline met as it happens. Screenshots under target/screenshots (journey-*).
 */
@QuarkusTest
class ConsoleJourneyBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }


    private static String state(WebDriver d, String kind) {
        return d.findElement(By.cssSelector("tr[data-kind='" + kind + "']")).getAttribute("data-state");
    }

    @Test
    void anAgentTakesACallRepliesAndDispatchesAndTheStationAcknowledgesFromAPhone() {
        clock.set(Instant.parse("2046-05-09T02:00:00Z")); // a Wednesday, 10:00 in Beijing: the queue answers
        long station = Api.asAdmin().body(Map.of("code", "JY" + System.nanoTime() % 1_000_000_000L, "name", "常熟西"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = Api.user(Map.of("stationId", station), "station");
        String device = "PJSIP/j" + System.nanoTime() % 10_000_000;
        String agent = Api.user(Map.of("device", device), "agent");
        Await.until("the service's link to the PBX", Duration.ofSeconds(20),
                () -> as(agent).get("/api/agents/me/queue").statusCode() == 200);
        String caller = Numbers.national();

        try (Browser desk = Browser.open("zh-CN,zh"); Browser phone = Browser.phone("zh-CN,zh")) {
            WebDriver d = desk.driver();
            var wait = Browser.waitOn(d, Duration.ofSeconds(10));
            desk.logIn(url("/login"), agent);
            wait.until(x -> "OUT".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            d.findElement(By.id("queue-login")).click();
            wait.until(x -> "READY".equals(x.findElement(By.id("queue-panel")).getAttribute("data-state")));
            wait.until(x -> "yes".equals(x.findElement(By.tagName("body")).getAttribute("data-live")));

            String linkedId = "1796100000." + System.nanoTime() % 1_000_000;
            FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                    .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
            wait.until(x -> !x.findElements(By.cssSelector("#pops section.pop")).isEmpty());
            desk.screenshot("journey-1-call-arrives");
            d.findElement(By.cssSelector("#pops section.pop a.pop-ticket")).click();
            wait.until(x -> x.getCurrentUrl().contains("/console/tickets/"));
            long ticket = Long.parseLong(d.getCurrentUrl().replaceAll(".*/console/tickets/(\\d+).*", "$1"));
            assertTrue(FakePbx.ami().inQueue("hotline", device));

            d.findElement(By.id("reply-text")).sendKeys("已联系客户，安排服务站上门");
            d.findElement(By.id("reply")).click();
            wait.until(x -> "MET".equals(state(x, "REPLY")));
            new Select(d.findElement(By.id("dispatch-station"))).selectByValue(Long.toString(station));
            d.findElement(By.id("dispatch-instruction")).sendKeys("客户车辆无法充电，请上门检查");
            d.findElement(By.id("dispatch")).click();
            wait.until(x -> "MET".equals(state(x, "DISPATCH")));
            assertEquals("PENDING", state(d, "ACKNOWLEDGE"), "the station owes its acknowledgement now");
            desk.screenshot("journey-2-replied-and-dispatched");

            WebDriver m = phone.driver();
            phone.logIn(url("/login"), manager);
            assertTrue(m.getCurrentUrl().endsWith("/station"), m.getCurrentUrl());
            phone.click("button.ack"); // the station's list redraws itself as notices change
            Browser.waitOn(m, Duration.ofSeconds(10)).until(x -> x.findElements(By.cssSelector("button.ack")).isEmpty());
            phone.screenshot("journey-3-station-on-a-phone");

            // the agent's open ticket page follows without a reload
            wait.until(x -> "MET".equals(state(x, "ACKNOWLEDGE")));
            assertTrue(!d.findElements(By.cssSelector("#timeline tr[data-type='NOTICE_ACKNOWLEDGED']")).isEmpty());
            desk.screenshot("journey-4-all-met");
            assertEquals("MET", Api.queryString("SELECT state FROM deadline WHERE kind = 'ACKNOWLEDGE' AND ticket_id = "
                    + ticket));
        }
    }
}
