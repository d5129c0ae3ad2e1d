package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages' security over HTTP: the form login's cookie, the API that takes only HTTP Basic, CSRF tokens on
 * every form, a forged session, each role kept to its pages, and the lock-out on the form as on the API.
 */
@QuarkusTest
class ConsolePagesSecurityTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    /** Logs in through the form; answers the session cookie (null when refused). */
    private static Response logIn(String username, String password) {
        return given().redirects().follow(false).formParam("j_username", username).formParam("j_password", password)
                .post("/j_security_check");
    }

    private static String session(String username) {
        return com.evhotline.support.PageSession.logIn(username).cookie();
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToTheLoginAndTheApiStillChallengesForBasic() {
        given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", endsWith("/login"));
        given().get("/api/tickets").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().get("/login").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("j_security_check"));
        // a browser asking for a language the pages do not have gets them in Chinese
        given().header("Accept-Language", "fr-FR,fr;q=0.9").get("/login").then().statusCode(200)
                .body(containsString("<h1>登录</h1>")).body(containsString("lang=\"zh-CN\""));
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndDoesNotOpenTheApi() {
        String agent = Api.user("agent");
        Response login = logIn(agent, Api.PASSWORD);
        String setCookie = login.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("quarkus-credential=")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        String session = login.getCookie("quarkus-credential");
        given().redirects().follow(false).cookie("quarkus-credential", session).get("/console").then().statusCode(200);
        given().cookie("quarkus-credential", session).get("/api/tickets").then().statusCode(401);

        // a cookie the service did not make (planted before a login, or forged) is no session
        given().redirects().follow(false).cookie("quarkus-credential", "planted-by-someone-else").get("/console").then()
                .statusCode(302).header("Location", endsWith("/login"));
    }

    @Test
    void eachRoleReachesOnlyItsPages() {
        long station = Api.asAdmin().body(Map.of("code", "PS" + System.nanoTime() % 1_000_000_000L, "name", "Pages"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = session(Api.user(Map.of("stationId", station), "station"));
        String agent = session(Api.user("agent"));
        given().redirects().follow(false).cookie("quarkus-credential", manager).get("/console").then().statusCode(403);
        given().redirects().follow(false).cookie("quarkus-credential", manager).get("/").then().statusCode(303)
                .header("Location", endsWith("/station"));
        given().redirects().follow(false).cookie("quarkus-credential", agent).get("/station").then().statusCode(403);
        given().redirects().follow(false).cookie("quarkus-credential", agent).get("/").then().statusCode(303)
                .header("Location", endsWith("/console"));
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndWritesNothing() {
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        String session = session(agent);
        Response page = given().cookie("quarkus-credential", session).get("/console/tickets/" + ticket);
        String csrfCookie = page.getCookie("csrf-token");
        Matcher token = TOKEN.matcher(page.asString());
        assertTrue(token.find(), "the reply form carries its token");

        given().redirects().follow(false).cookie("quarkus-credential", session)
                .formParam("channel", "PHONE").formParam("text", "no token").post("/console/tickets/" + ticket + "/reply")
                .then().statusCode(400);
        given().redirects().follow(false).cookie("quarkus-credential", session).cookie("csrf-token", csrfCookie)
                .formParam("csrf-token", "wrong-token").formParam("channel", "PHONE").formParam("text", "wrong token")
                .post("/console/tickets/" + ticket + "/reply").then().statusCode(400);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket_reply WHERE ticket_id = " + ticket), "nothing written");

        given().redirects().follow(false).cookie("quarkus-credential", session).cookie("csrf-token", csrfCookie)
                .formParam("csrf-token", token.group(1)).formParam("channel", "PHONE").formParam("text", "called back")
                .post("/console/tickets/" + ticket + "/reply").then().statusCode(303);
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_reply WHERE ticket_id = " + ticket));
    }

    @Test
    void fiveWrongPasswordsOnTheFormLockTheLoginAsOnTheApi() {
        String agent = Api.user("agent");
        for (int i = 0; i < 5; i++) {
            Response r = logIn(agent, "not-the-password");
            assertEquals(302, r.statusCode(), "attempt " + i + ": " + r.getHeaders() + " " + r.asString());
            r.then().header("Location", containsString("/login?error"));
        }
        Response right = logIn(agent, Api.PASSWORD);
        right.then().statusCode(302).header("Location", containsString("/login?error"));
        assertNull(right.getCookie("quarkus-credential"), "locked: even the right password opens no session");
        assertEquals(5, Api.queryLong("SELECT failed_logins FROM app_user WHERE username = '" + agent + "'"),
                "every failure recorded");
    }

    @Test
    void loggingOutEndsTheSession() {
        String session = session(Api.user("agent"));
        Response page = given().cookie("quarkus-credential", session).get("/console");
        Matcher token = TOKEN.matcher(page.asString());
        assertTrue(token.find());
        Response out = given().redirects().follow(false).cookie("quarkus-credential", session)
                .cookie("csrf-token", page.getCookie("csrf-token")).formParam("csrf-token", token.group(1))
                .post("/logout");
        out.then().statusCode(303).header("Location", endsWith("/login"));
        assertTrue(out.getHeaders().getValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("quarkus-credential=;") && c.contains("Max-Age=0")), out.getHeaders().toString());
    }

    @Test
    void loggingOutEndsEveryCopyOfTheSessionAndIsRecorded() {
        String agent = Api.user("agent");
        String session = session(agent);
        String copy = session; // the same cookie, taken to another browser
        Response page = given().cookie("quarkus-credential", session).get("/console");
        Matcher token = TOKEN.matcher(page.asString());
        assertTrue(token.find());
        given().redirects().follow(false).cookie("quarkus-credential", session)
                .cookie("csrf-token", page.getCookie("csrf-token")).formParam("csrf-token", token.group(1))
                .post("/logout").then().statusCode(303);
        given().redirects().follow(false).cookie("quarkus-credential", copy).get("/console").then().statusCode(302)
                .header("Location", endsWith("/login"));
        assertEquals("LOGIN,LOGOUT", Api.queryString("SELECT string_agg(kind, ',' ORDER BY id) FROM login_event"
                + " WHERE username = '" + agent + "'"), "the login and the logout are on record");
        String again = session(agent);
        given().redirects().follow(false).cookie("quarkus-credential", again).get("/console").then().statusCode(200);
    }

    @Test
    void aNewPasswordEndsTheOldSessionsButALockDoesNot() throws Exception {
        String agent = Api.user("agent");
        String session = session(agent);
        for (int i = 0; i < 5; i++) {
            logIn(agent, "someone-guessing");
        }
        assertNotNull(Api.queryString("SELECT locked_until FROM app_user WHERE username = '" + agent + "'"), "locked");
        given().redirects().follow(false).cookie("quarkus-credential", session).get("/console").then().statusCode(200);
        assertEquals(5, Api.queryLong("SELECT count(*) FROM login_event WHERE kind = 'FAILED' AND via = 'FORM'"
                + " AND username = '" + agent + "'"), "each failure on record, with where it came from");

        Api.execute("UPDATE app_user SET locked_until = NULL, failed_logins = 0 WHERE username = '" + agent + "'");
        as(agent).body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "a-brand-new-pw-2046"))
                .put("/api/me/password").then().statusCode(204);
        given().redirects().follow(false).cookie("quarkus-credential", session).get("/console").then().statusCode(302)
                .header("Location", endsWith("/login"));
    }

    @Test
    void aSessionPlantedBeforeTheLoginIsNotTheOneTheLoginOpens() {
        String agent = Api.user("agent");
        String planted = session(Api.user("agent")); // a valid session of someone else, set in the victim's browser
        Response login = given().redirects().follow(false).cookie("quarkus-credential", planted)
                .formParam("j_username", agent).formParam("j_password", Api.PASSWORD).post("/j_security_check");
        login.then().statusCode(302);
        String issued = login.getCookie("quarkus-credential");
        assertNotNull(issued, "the login issues its own session");
        assertTrue(!issued.equals(planted), "a new session, not the planted one");
        given().redirects().follow(false).cookie("quarkus-credential", issued).get("/console").then().statusCode(200)
                .body(containsString(agent));
    }

    @Test
    void anApiClientsLoginIsRecordedWhenItsPasswordIsCheckedAndEveryFailure() {
        String agent = Api.user("agent");
        as(agent).get("/api/tickets").then().statusCode(200);
        as(agent).get("/api/tickets").then().statusCode(200); // the same credentials again: not checked again
        given().auth().preemptive().basic(agent, "not-it").get("/api/tickets").then().statusCode(401);
        assertEquals("LOGIN BASIC,FAILED BASIC", Api.queryString("SELECT string_agg(kind || ' ' || via, ',' ORDER BY id)"
                + " FROM login_event WHERE username = '" + agent + "'"));
    }

    @Test
    void behindTlsTheSessionCookieIsSecure() {
        String agent = Api.user("agent");
        Response login = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .formParam("j_username", agent).formParam("j_password", Api.PASSWORD).post("/j_security_check");
        String setCookie = login.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("quarkus-credential=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("; Secure"), setCookie);
        assertTrue(logIn(agent, Api.PASSWORD).getHeaders().getValues("Set-Cookie").stream()
                .noneMatch(c -> c.contains("Secure")), "plain HTTP (a lab): not Secure, or the browser would drop it");
    }

    @Test
    void aLoginFormOfAnotherSiteIsRefused() {
        String agent = Api.user("agent");
        Response r = given().redirects().follow(false).header("Origin", "https://evil.example")
                .formParam("j_username", agent).formParam("j_password", Api.PASSWORD).post("/j_security_check");
        r.then().statusCode(403);
        assertNull(r.getCookie("quarkus-credential"), "no session for a login another site sent");
        given().redirects().follow(false).header("Sec-Fetch-Site", "cross-site")
                .formParam("j_username", agent).formParam("j_password", Api.PASSWORD).post("/j_security_check")
                .then().statusCode(403);
        given().redirects().follow(false).header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .formParam("j_username", agent).formParam("j_password", Api.PASSWORD).post("/j_security_check")
                .then().statusCode(302).header("Location", org.hamcrest.Matchers.not(containsString("error")));
    }

    @Test
    void pagesAreNeitherKeptNorFramedAndAnEndedSessionSendsTheListsToTheLogin() {
        String session = session(Api.user("agent"));
        given().cookie("quarkus-credential", session).get("/console").then().statusCode(200)
                .header("Cache-Control", "no-store").header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        // the page's script asks for the lists after the session ended: it is told to load the login page
        Response ended = given().redirects().follow(false).header("HX-Request", "true").get("/console/lists");
        ended.then().statusCode(401).header("HX-Redirect", "/login");
        assertTrue(ended.getHeaders().getValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("quarkus-redirect-location")),
                "after the login the browser lands on a page, not on the list fragment: " + ended.getHeaders());
        Response stream = given().redirects().follow(false).header("Accept", "text/event-stream").get("/console/events");
        stream.then().statusCode(302);
        assertTrue(stream.getHeaders().getValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("quarkus-redirect-location")),
                "nor on the live stream");
    }

    @Test
    void theLanguageSwitchGoesBackOnlyToThisServicesPages() {
        given().redirects().follow(false).header("Referer", "https://evil.example//phish.example/login")
                .get("/lang?to=en").then().statusCode(303).header("Location", endsWith("/"))
                .header("Location", org.hamcrest.Matchers.not(containsString("phish")));
        given().redirects().follow(false).header("Referer", "http://other.example/console").get("/lang?to=en").then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.not(containsString("other.example")));
        given().redirects().follow(false).header("Referer", "not a | uri").get("/lang?to=zh").then().statusCode(303);
    }

    @Test
    void anAcknowledgementOrLogoutPostedAsPlainTextIsRefused() {
        String session = session(Api.user("agent"));
        given().redirects().follow(false).cookie("quarkus-credential", session).contentType("text/plain").body("x")
                .post("/logout").then().statusCode(415);
        long station = Api.asAdmin().body(Map.of("code", "PT" + System.nanoTime() % 1_000_000_000L, "name", "Plain"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = session(Api.user(Map.of("stationId", station), "station"));
        given().redirects().follow(false).cookie("quarkus-credential", manager).contentType("text/plain").body("x")
                .post("/station/notices/1/ack").then().statusCode(415);
    }
}
