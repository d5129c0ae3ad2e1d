package com.evhotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Browser;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The wall board in a real browser: a supervisor opens it in Chinese, and a call that comes in appears on it
 * without the page being loaded again. Screenshots under target/screenshots.
 */
@QuarkusTest
class WallBoardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    @Test
    void aSupervisorWatchesANewCallAppearOnTheBoardWithoutReloading() {
        clock.set("2047-03-14T10:00:00+08:00"); // a Thursday in office hours: calls go to the queue
        String supervisor = Api.user("supervisor");
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/login"), supervisor);
            d.get(url("/console/board"));
            var wait = Browser.waitOn(d, Duration.ofSeconds(15));
            wait.until(x -> "yes".equals(x.findElement(By.tagName("body")).getAttribute("data-live")));
            assertEquals("当前来电", d.findElement(By.cssSelector("#calls h2")).getText().split(" ")[0],
                    "in Chinese, as the browser asks");
            ((JavascriptExecutor) d).executeScript("window.sameLoad = true");
            browser.screenshot("board-1");

            String caller = Numbers.national();
            String linkedId = "2047140000." + System.nanoTime() % 1_000_000;
            FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                    .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
            Await.until("the call is on record", Duration.ofSeconds(20), () -> Api.queryString(
                    "SELECT ticket_id FROM call_record WHERE linked_id = '" + linkedId + "'") != null);
            long call = Api.queryLong("SELECT id FROM call_record WHERE linked_id = '" + linkedId + "'");

            // The board redraws its rows on every push: what a row shows is read in one go.
            Browser.Shown row = browser.awaitShown("#calls tr[data-call='" + call + "']");
            assertEquals("WAITING", row.attribute("data-state"));
            assertTrue(row.text().contains(Numbers.e164(caller)) && row.text().contains("排队中"), row.text());
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) d).executeScript("return window.sameLoad === true"),
                    "the board updated itself: the page was not loaded again");
            browser.screenshot("board-2");
        }
    }
}
