package com.evhotline.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The administration pages over HTTP: kept to administrators (supervisors read the calendar, the routing
 * preview and the roster), each form checked for its CSRF token, the calendar marked and unmarked, the routing
 * preview answering as the routing script would, and a refusal shown on the page in the service's own words
 * with nothing written. Dates in 2048, which no other test uses.
 */
@QuarkusTest
class AdminPagesTest {

    @Inject
    TestClock clock;

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final RestAssuredConfig UTF8 = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset(StandardCharsets.UTF_8));
    private static final List<String> PAGES = List.of("/console/admin", "/console/admin/calendar", "/console/admin/routing",
            "/console/admin/roster", "/console/admin/staff", "/console/admin/stations");

    /** A signed-in browser: its session, and the CSRF token of the last page it loaded. */
    private static final class Session {
        final String cookie;
        String csrfCookie;
        String csrfToken;

        Session(String username) {
            cookie = given().redirects().follow(false).formParam("j_username", username)
                    .formParam("j_password", Api.PASSWORD).post("/j_security_check")
                    .then().statusCode(302).extract().cookie("quarkus-credential");
            assertNotNull(cookie, "logged in");
        }

        /** As a browser sends it: forms in UTF-8 (REST Assured's own default is ISO-8859-1). */
        RequestSpecification request() {
            return given().config(UTF8).redirects().follow(false).cookie("quarkus-credential", cookie);
        }

        /** Loads a page and keeps the token its forms carry. */
        Response open(String path) {
            Response page = request().get(path);
            page.then().statusCode(200);
            Matcher token = TOKEN.matcher(page.asString());
            if (token.find()) {
                csrfToken = token.group(1);
                csrfCookie = page.getCookie("csrf-token");
            }
            return page;
        }

        /** Sends a form of the page last loaded, with its token. */
        Response post(String path, Map<String, ?> fields) {
            return request().cookie("csrf-token", csrfCookie).formParam("csrf-token", csrfToken).formParams(fields)
                    .post(path);
        }
    }

    private static Session admin() {
        return new Session(Api.user("admin"));
    }

    @Test
    void agentsAndStationManagersAreRefusedEveryAdministrationPage() {
        long station = Api.asAdmin().body(Map.of("code", "AD" + System.nanoTime() % 1_000_000_000L, "name", "Admin pages"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long someone = Api.staffId(Api.user("agent"));
        List<String> pages = new java.util.ArrayList<>(PAGES);
        pages.addAll(List.of("/console/admin/staff/" + someone, "/console/admin/stations/" + station));
        Map<Session, String> homes = Map.of(new Session(Api.user("agent")), "/console",
                new Session(Api.user(Map.of("stationId", station), "station")), "/station");
        homes.forEach((s, home) -> {
            for (String page : pages) {
                s.request().get(page).then().statusCode(403);
            }
            s.open(home); // a token of their own pages: the refusal is for the role, not for the form
            s.post("/console/admin/calendar/days", Map.of("date", "2048-01-01", "type", "HOLIDAY")).then().statusCode(403);
        });
        assertEquals(0, Api.queryLong("SELECT count(*) FROM calendar_day WHERE day = '2048-01-01'"));
    }

    @Test
    void supervisorsReadTheCalendarRoutingAndRosterButChangeNothingThere() {
        Session supervisor = new Session(Api.user("supervisor"));
        for (String page : List.of("/console/admin/calendar", "/console/admin/routing", "/console/admin/roster")) {
            supervisor.open(page).then().body(not(containsString("method=\"post\" action=\"/console/admin")));
        }
        supervisor.request().header("Accept-Language", "en-GB,en").get("/console/admin/calendar").then().statusCode(200)
                .body(containsString("<h1>Calendar and office hours</h1>")).body(containsString("Monday"));
        supervisor.request().get("/console/admin/staff").then().statusCode(403);
        supervisor.request().get("/console/admin/stations").then().statusCode(403);
        supervisor.post("/console/admin/calendar/days", Map.of("date", "2048-01-02", "type", "HOLIDAY")).then().statusCode(403);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM calendar_day WHERE day = '2048-01-02'"));
    }

    @Test
    void anAdministratorMarksAHolidayWithTheFormsTokenAndAFormWithoutItWritesNothing() {
        Session admin = admin();
        admin.open("/console/admin/calendar").then().body(containsString("id=\"weekly-hours\""))
                .body(containsString("08:30-17:30"));

        admin.request().cookie("csrf-token", admin.csrfCookie).formParam("date", "2048-02-03").formParam("type", "HOLIDAY")
                .post("/console/admin/calendar/days").then().statusCode(400);
        admin.request().cookie("csrf-token", admin.csrfCookie).formParam("csrf-token", "forged").formParam("date", "2048-02-03")
                .formParam("type", "HOLIDAY").post("/console/admin/calendar/days").then().statusCode(400);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM calendar_day WHERE day = '2048-02-03'"), "nothing written");

        admin.post("/console/admin/calendar/days", Map.of("date", "2048-02-03", "type", "HOLIDAY", "note", "春节"))
                .then().statusCode(303).header("Location", containsString("/console/admin/calendar?from=2048-02-01"));
        assertEquals("HOLIDAY", Api.queryString("SELECT type FROM calendar_day WHERE day = '2048-02-03'"));
        admin.open("/console/admin/calendar?from=2048-02-01").then()
                .body(containsString("data-date=\"2048-02-03\" data-mark=\"HOLIDAY\""))
                .body(containsString("春节"));

        admin.post("/console/admin/calendar/days/2048-02-03/unmark", Map.of()).then().statusCode(303);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM calendar_day WHERE day = '2048-02-03'"), "unmarked");
        admin.open("/console/admin/calendar");
        admin.post("/console/admin/calendar/days/2048-02-03/unmark", Map.of()).then().statusCode(404)
                .body(containsString("2048-02-03 is not marked"));
    }

    @Test
    void aCalendarFormBreakingTheApisRulesIsShownAgainWithTheReason() {
        Session admin = admin();
        admin.open("/console/admin/calendar");
        admin.post("/console/admin/calendar/days", Map.of("date", "2048-02-04", "type", "WEEKEND", "note", "kept"))
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("type: &#39;WEEKEND&#39; is not valid"))
                .body(containsString("value=\"kept\""));
        admin.post("/console/admin/calendar/days", Map.of("date", "2101-01-01", "type", "HOLIDAY"))
                .then().statusCode(400).body(containsString("date: must lie between 2000-01-01 and 2100-12-31"));
        admin.post("/console/admin/calendar/days", Map.of("date", "2048-02-04", "type", "HOLIDAY", "note", "x".repeat(201)))
                .then().statusCode(400).body(containsString("note: size must be between 0 and 200"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM calendar_day WHERE day IN ('2048-02-04', '2101-01-01')"));
    }

    @Test
    void theRoutingPreviewRingsTheOnDutyMobileOnASundayNightAndTheQueueOnAWeekdayUntilItIsAHoliday() {
        clock.set("2048-03-02T09:00:00+08:00");
        long duty = Api.staffId(Api.user("duty"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + duty);
        Api.asAdmin().body(Map.of("staffId", duty, "start", "2048-03-08T18:00:00+08:00", "end", "2048-03-09T08:00:00+08:00",
                "position", 1)).post("/api/roster/shifts").then().statusCode(201);
        Session admin = admin();

        String sundayNight = admin.open("/console/admin/routing?at=2048-03-08T22:00").asString();
        assertTrue(sundayNight.contains("data-route=\"FORWARD\" data-shift=\"NIGHT\""), sundayNight);
        Matcher first = Pattern.compile("<tr data-order=\"1\">(.*?)</tr>", Pattern.DOTALL).matcher(sundayNight);
        assertTrue(first.find() && first.group(1).contains("<td class=\"mobile\">" + mobile + "</td>"),
                "the shift's mobile is rung first: " + sundayNight);

        admin.open("/console/admin/routing?at=2048-03-11T10:00").then()
                .body(containsString("data-route=\"QUEUE\" data-shift=\"DAY\""))
                .body(containsString("<code id=\"queue\">hotline</code>"));
        admin.post("/console/admin/calendar/days", Map.of("date", "2048-03-11", "type", "HOLIDAY")).then().statusCode(303);
        admin.open("/console/admin/routing?at=2048-03-11T10:00").then()
                .body(containsString("data-route=\"FORWARD\" data-shift=\"NIGHT\""))
                .body(containsString("public holiday 2048-03-11"));

        admin.request().get("/console/admin/routing?at=tomorrow").then().statusCode(400)
                .body(containsString("at: expected a date and time like 2026-10-01T18:05"));
    }

    @Test
    void aDutyPersonWithoutAMobileIsRefusedOnThePageInTheServicesWordsAndNothingIsWritten() {
        Session admin = admin();
        admin.open("/console/admin/staff");
        String name = "无手机值班 2048-" + System.nanoTime() % 1_000_000;
        admin.post("/console/admin/staff", Map.of("name", name, "roles", "duty", "password", "not-echoed-pw-2048"))
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("mobile: required for the roles duty and leader"))
                .body(containsString("value=\"" + name + "\""))
                .body(not(containsString("not-echoed-pw-2048")));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM staff WHERE name = '" + name + "'"), "nothing written");

        admin.post("/console/admin/staff", Map.of("name", name, "roles", "duty", "mobile", "13912048001",
                "device", "not a phone")).then().statusCode(400).body(containsString("is not an Asterisk interface"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM staff WHERE name = '" + name + "'"), "nothing written");
    }

    @Test
    void anAdministratorAddsAPersonWithALoginChangesAndDeactivatesThem() {
        Session admin = admin();
        admin.open("/console/admin/staff");
        String username = "adm-" + System.nanoTime() % 1_000_000_000L;
        Response added = admin.post("/console/admin/staff", Map.of("name", "值班 " + username, "roles", List.of("duty", "agent"),
                "mobile", "13912048002", "username", username, "password", "a-long-pass-2048"));
        added.then().statusCode(303);
        long id = Api.staffId(username);
        admin.open("/console/admin/staff").then().body(containsString("id=\"person-" + id + "\""))
                .body(containsString(username + " · 正常"));

        admin.open("/console/admin/staff/" + id).then().body(containsString("value=\"+8613912048002\""));
        admin.post("/console/admin/staff/" + id, Map.of("name", "值班 " + username, "roles", "duty", "mobile", ""))
                .then().statusCode(400).body(containsString("mobile: required for the roles duty and leader"));
        assertEquals("+8613912048002", Api.queryString("SELECT mobile FROM staff WHERE id = " + id), "nothing written");
        admin.post("/console/admin/staff/" + id, Map.of("name", "值班 " + username, "roles", "duty", "mobile", "13912048003",
                "device", "PJSIP/2048" + id % 1000)).then().statusCode(303);
        assertEquals("duty", Api.queryString("SELECT string_agg(role, ',') FROM staff_role WHERE staff_id = " + id));
        assertEquals("+8613912048003", Api.queryString("SELECT mobile FROM staff WHERE id = " + id));

        admin.open("/console/admin/staff/" + id);
        admin.post("/console/admin/staff/" + id + "/active", Map.of("active", "false")).then().statusCode(303);
        assertEquals("f", Api.queryString("SELECT active FROM staff WHERE id = " + id));
    }

    @Test
    void addingAShiftShowsItInTheRosterAndCancellingTakesItOff() {
        clock.set("2048-04-01T09:00:00+08:00"); // the shift lies ahead, so it can be cancelled
        long duty = Api.staffId(Api.user("duty"));
        Session admin = admin();
        admin.open("/console/admin/roster").then().body(containsString("<option value=\"" + duty + "\""));
        admin.post("/console/admin/roster/shifts", Map.of("staffId", duty, "start", "2048-04-06T08:00",
                "end", "2048-04-05T20:00", "position", "1")).then().statusCode(400)
                .body(containsString("end: must come after start"));
        admin.post("/console/admin/roster/shifts", Map.of("staffId", duty, "start", "2048-04-05T20:00",
                "end", "2048-04-06T08:00", "position", "1", "note", "周日夜班")).then().statusCode(303)
                .header("Location", containsString("/console/admin/roster?from=2048-04-05"));
        long shift = Api.queryLong("SELECT id FROM roster_shift WHERE staff_id = " + duty);
        admin.open("/console/admin/roster?from=2048-04-05").then()
                .body(containsString("data-shift=\"" + shift + "\" data-staff=\"" + duty + "\""))
                .body(containsString("<td class=\"start\">2048-04-05 20:00</td><td class=\"end\">2048-04-06 08:00</td>"))
                .body(containsString("周日夜班"));

        admin.post("/console/admin/roster/shifts/" + shift + "/cancel", Map.of("reason", "")).then().statusCode(400)
                .body(containsString("reason: say why the shift is cancelled"));
        admin.post("/console/admin/roster/shifts/" + shift + "/cancel", Map.of("reason", "entered twice")).then()
                .statusCode(303);
        admin.open("/console/admin/roster?from=2048-04-05").then().body(not(containsString("data-shift=\"" + shift + "\"")));
    }

    @Test
    void aRotationIsAddedWithItsMembersInTurnOrderAndEnded() {
        clock.set("2048-04-01T09:00:00+08:00");
        long first = Api.staffId(Api.user("duty"));
        long second = Api.staffId(Api.user("duty"));
        long manager = Api.staffId(Api.user(Map.of("region", "Anhui"), "regional"));
        Session admin = admin();
        admin.open("/console/admin/roster");
        String name = "周末轮班 " + System.nanoTime() % 1_000_000;
        Map<String, Object> rotation = new java.util.HashMap<>(Map.of("name", name, "position", "20", "handover", "08:00",
                "periodDays", "7", "startDate", "2048-06-01", "members", first + ", " + manager));
        admin.post("/console/admin/roster/rotations", rotation).then().statusCode(400)
                .body(containsString("staffIds: [" + manager + "] are not active staff members with a mobile"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM roster_rotation WHERE name = '" + name + "'"), "nothing written");

        rotation.put("members", second + "，" + first); // a Chinese comma separates as well
        admin.post("/console/admin/roster/rotations", rotation).then().statusCode(303);
        assertEquals("{" + second + "," + first + "}", Api.queryString("SELECT members::text FROM roster_rotation WHERE name = '"
                + name + "'"), "turn order as typed");
        long id = Api.queryLong("SELECT id FROM roster_rotation WHERE name = '" + name + "'");
        admin.open("/console/admin/roster").then().body(containsString("data-rotation=\"" + id + "\""));
        admin.post("/console/admin/roster/rotations/" + id + "/end", Map.of("reason", "plan changed")).then().statusCode(303);
        assertEquals("f", Api.queryString("SELECT active FROM roster_rotation WHERE id = " + id));
    }

    @Test
    void anAdministratorRegistersAStationAndChangesItsManagerAndChannels() {
        long manager = Api.staffId(Api.user("supervisor"));
        Session admin = admin();
        admin.open("/console/admin/stations");
        String code = "A48" + System.nanoTime() % 1_000_000;
        admin.post("/console/admin/stations", Map.of("code", code, "name", "合肥南", "phone", "02112048000",
                "channels", "FAX")).then().statusCode(400).body(containsString("preferredChannels: &#39;FAX&#39; is not a channel"));
        admin.post("/console/admin/stations", Map.of("code", code, "name", "合肥南", "phone", "02112048000",
                "channels", List.of("SMS", "VOICE"))).then().statusCode(303);
        long id = Api.queryLong("SELECT id FROM station WHERE code = '" + code + "'");
        admin.post("/console/admin/stations", Map.of("code", code, "name", "twice")).then().statusCode(409)
                .body(containsString("station code &#39;" + code + "&#39; is taken"));

        admin.open("/console/admin/stations/" + id).then().body(containsString("value=\"合肥南\""));
        admin.post("/console/admin/stations/" + id, Map.of("name", "合肥南站", "managerStaffId", manager, "active", "true",
                "channels", "EMAIL")).then().statusCode(303);
        assertEquals(manager + "|{EMAIL}|true", Api.queryString("SELECT manager_staff_id || '|' || preferred_channels::text || '|' || active"
                + " FROM station WHERE id = " + id));
        admin.open("/console/admin/stations").then().body(containsString("id=\"station-" + id + "\""));
    }
}
