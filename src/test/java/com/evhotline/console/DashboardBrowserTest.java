package com.evhotline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Browser;
import com.evhotline.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: a supervisor opens it and ECharts draws each chart (a canvas inside every
 * chart's element). The period is 2051's April, where no other test goes. Screenshots under target/screenshots.
 */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    @Test
    void aSupervisorOpensTheDashboardAndTheChartsAreDrawn() {
        clock.set("2051-04-20T10:00:00+08:00");
        String supervisor = Api.user("supervisor");
        try (Browser browser = Browser.open("zh-CN,zh")) {
            WebDriver d = browser.driver();
            browser.logIn(url("/login"), supervisor);
            d.get(url("/console/dashboard?from=2051-04-01&to=2051-04-30"));
            var wait = new WebDriverWait(d, Duration.ofSeconds(15));
            assertEquals(5, d.findElements(By.cssSelector("div.chart")).size());
            wait.until(x -> x.findElements(By.cssSelector("div.chart canvas")).size() >= 5);
            for (String id : new String[] {"chart-answer-rate", "chart-by-hour", "chart-shifts", "chart-handling", "chart-trend"}) {
                assertEquals(false, d.findElements(By.cssSelector("#" + id + " canvas")).isEmpty(), id + " is drawn");
            }
            assertEquals(false, d.findElements(By.cssSelector("#figures tr[data-figure='officeHoursAnswerRate']")).isEmpty());
            browser.screenshot("dashboard-1");
        }
    }
}
