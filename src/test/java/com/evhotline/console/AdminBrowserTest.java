package com.evhotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Browser;
import com.evhotline.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The administration pages in a real browser: an administrator asks who would be rung on a weekday morning (the
 * queue), marks that day a public holiday, and the same question then names the person on duty. Screenshots
 * under target/screenshots.
 */
@QuarkusTest
class AdminBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /** Types a value into a date or time field as its picker would leave it (the typed form depends on the locale). */
    private static void fill(WebDriver d, String id, String value) {
        WebElement field = d.findElement(By.id(id));
        ((JavascriptExecutor) d).executeScript("arguments[0].value = arguments[1]", field, value);
    }

    @Test
    void anAdministratorMarksAHolidayAndTheRoutingPreviewThenRingsThePersonOnDuty() {
        clock.set("2048-05-04T09:00:00+08:00"); // the Monday before: the preview's default is now
        String admin = Api.user("admin");
        long duty = Api.staffId(Api.user("duty"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + duty);
        Api.asAdmin().body(Map.of("staffId", duty, "start", "2048-05-06T08:00:00+08:00", "end", "2048-05-07T08:00:00+08:00",
                "position", 1)).post("/api/roster/shifts").then().statusCode(201);

        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            var wait = Browser.waitOn(d, Duration.ofSeconds(10));
            browser.logIn(url("/console/admin"), admin);
            wait.until(x -> x.getCurrentUrl().endsWith("/console/admin/calendar"));
            assertEquals("日历与上班时间", d.findElement(By.tagName("h1")).getText(), "in Chinese by default");

            d.findElement(By.linkText("来电去向预览")).click();
            assertEquals("2048-05-04T09:00", d.findElement(By.id("routing-at")).getAttribute("value"), "now, by the clock");
            fill(d, "routing-at", "2048-05-06T10:00");
            d.findElement(By.id("routing-ask")).click();
            wait.until(x -> x.getCurrentUrl().contains("at=2048-05-06T10"));
            assertEquals("QUEUE", d.findElement(By.id("routing-answer")).getAttribute("data-route"), "a Wednesday morning");
            browser.screenshot("admin-1");

            d.findElement(By.linkText("日历与上班时间")).click();
            fill(d, "mark-date", "2048-05-06");
            new Select(d.findElement(By.id("mark-type"))).selectByValue("HOLIDAY");
            d.findElement(By.id("mark-note")).sendKeys("劳动节调休");
            d.findElement(By.id("mark")).click();
            // The page before the post lists the day unmarked too: only the marked row is the answer.
            Browser.Shown day = browser.awaitShown("#days tr[data-date='2048-05-06'][data-mark='HOLIDAY']");
            assertTrue(day.text().contains("法定节假日") && day.text().contains("劳动节调休"), day.text());
            ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                    d.findElement(By.cssSelector("#days tr[data-date='2048-05-06']")));
            browser.screenshot("admin-2");

            d.findElement(By.linkText("来电去向预览")).click();
            fill(d, "routing-at", "2048-05-06T10:00");
            d.findElement(By.id("routing-ask")).click();
            Browser.Shown answer = browser.awaitShown("#routing-answer[data-route='FORWARD']");
            assertTrue(answer.text().contains("转值班手机"), answer.text());
            assertEquals(mobile, d.findElement(By.cssSelector("#rung tr[data-order='1'] .mobile")).getText(),
                    "the person on duty is rung first instead of the queue");
            browser.screenshot("admin-3");
        }
        assertEquals("HOLIDAY", Api.queryString("SELECT type FROM calendar_day WHERE day = '2048-05-06'"));
    }
}
