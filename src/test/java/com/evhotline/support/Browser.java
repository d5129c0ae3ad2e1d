package com.evhotline.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) asking for pages in the
 * given language, as a person's browser would; screenshots go under {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    public static Browser open(String acceptLanguage) {
        return open(acceptLanguage, "1280,900");
    }

    /** A phone's screen (390 × 844 CSS pixels), as the on-duty person and the station manager use the pages. */
    public static Browser phone(String acceptLanguage) {
        return open(acceptLanguage, "390,844");
    }

    private static Browser open(String acceptLanguage, String windowSize) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("hotline.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=" + windowSize,
                "--disable-gpu");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("hotline.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return new Browser(driver);
    }

    /**
     * Logs in through the login form at {@code loginUrl} (the login page, or a page that sends there) and waits for
     * the page after it: every page of the service has the logout button.
     */
    public void logIn(String loginUrl, String username) {
        driver.get(loginUrl);
        driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(username);
        driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(org.openqa.selenium.By.id("login")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(10))
                .until(x -> !x.findElements(org.openqa.selenium.By.id("logout")).isEmpty());
    }

    /**
     * What a page shows at one instant for the first element matching {@code css}: its text and attributes, read in
     * one script run, so that a page replacing the element (a reload after a form, a live update) cannot leave a
     * stale handle between the wait and the assertions.
     */
    public record Shown(String text, Map<String, String> attributes) {
        public String attribute(String name) {
            return attributes.get(name);
        }
    }

    /**
     * A wait on a live page: its lists and panels are redrawn on every push, so an element found a moment ago may
     * be gone by the time it is read; the wait then looks again instead of failing.
     */
    public static org.openqa.selenium.support.ui.WebDriverWait waitOn(WebDriver driver, Duration within) {
        return (org.openqa.selenium.support.ui.WebDriverWait) new org.openqa.selenium.support.ui.WebDriverWait(driver,
                within).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** Waits up to 10 s until an element matches {@code css} and answers what it shows then. */
    @SuppressWarnings("unchecked")
    public Shown awaitShown(String css) {
        String script = "const e = document.querySelector(arguments[0]); if (!e) return null;"
                + " const a = {}; for (const x of e.attributes) a[x.name] = x.value;"
                + " return {text: e.innerText, attributes: a};";
        Map<String, Object> seen = waitOn(driver, Duration.ofSeconds(10)).until(x -> (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) x).executeScript(script, css));
        return new Shown((String) seen.get("text"), (Map<String, String>) seen.get("attributes"));
    }

    /**
     * Clicks the first element matching {@code css}, finding it again when a live page redrew it between the
     * finding and the click (a stale element is refused before any click reaches the page).
     */
    public void click(String css) {
        waitOn(driver, Duration.ofSeconds(10)).until(x -> {
                    x.findElement(org.openqa.selenium.By.cssSelector(css)).click();
                    return true;
                });
    }

    public WebDriver driver() {
        return driver;
    }

    public void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
