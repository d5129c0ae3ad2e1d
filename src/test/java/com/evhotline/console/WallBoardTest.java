package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The supervisors' wall board over HTTP: kept to supervisors, leaders and administrators; a call waiting in the
 * queue and the agents as the PBX reports them; deadlines breached and about to breach; the day's answer rate
 * from seeded calls; who is on duty now and next. Each test has its own day of 2047, where no other test goes.
 */
@QuarkusTest
class WallBoardTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private static String session(String username) {
        String cookie = given().redirects().follow(false).formParam("j_username", username)
                .formParam("j_password", Api.PASSWORD).post("/j_security_check").then().statusCode(302)
                .extract().cookie("quarkus-credential");
        assertNotNull(cookie, "logged in");
        return cookie;
    }

    /** The board's panels as a supervisor's page fetches them. */
    private static String panels(String session) {
        return given().cookie("quarkus-credential", session).get("/console/board/panels").then().statusCode(200)
                .extract().asString();
    }

    /** One panel of the board ({@code <section id=...>}). */
    private static String section(String html, String id) {
        Matcher m = Pattern.compile("<section id=\"" + id + "\".*?</section>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "the board has the panel " + id + ": " + html);
        return m.group();
    }

    /** The value shown for one of the day's figures. */
    private static String figure(String html, String key) {
        Matcher m = Pattern.compile("data-figure=\"" + key + "\" data-value=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "the figure " + key + ": " + html);
        return m.group(1);
    }

    private void at(String instant) {
        clock.set(instant);
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void onlySupervisorsLeadersAndAdministratorsOpenTheBoardInTheirLanguage() {
        long station = Api.asAdmin().body(Map.of("code", "WB" + System.nanoTime() % 1_000_000_000L, "name", "Board"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        for (String refused : new String[] {session(Api.user("agent")), session(Api.user(Map.of("stationId", station), "station"))}) {
            given().redirects().follow(false).cookie("quarkus-credential", refused).get("/console/board").then().statusCode(403);
            given().redirects().follow(false).cookie("quarkus-credential", refused).get("/console/board/panels").then()
                    .statusCode(403);
        }
        for (String role : new String[] {"supervisor", "leader"}) {
            String page = given().cookie("quarkus-credential", session(Api.user(role))).get("/console/board").then()
                    .statusCode(200).extract().asString();
            assertTrue(page.contains("监控大屏") && page.contains("hx-trigger=\"sse:lists, sse:board, every 30s\""), page);
        }
        String english = given().cookie("quarkus-credential", session(Api.user("admin"))).header("Accept-Language", "en")
                .get("/console/board").then().statusCode(200).extract().asString();
        assertTrue(english.contains("Wall board") && english.contains("Calls now") && english.contains("Office-hours answer rate"),
                english);
    }

    @Test
    void aCallWaitingInTheQueueAndThePausedAgentAreOnTheBoard() {
        clock.set("2047-03-06T10:00:00+08:00"); // a Wednesday in office hours: the queue
        String device = "PJSIP/w" + System.nanoTime() % 10_000_000;
        String agent = Api.user(Map.of("device", device), "agent");
        Await.until("the service's link to the PBX", BOUND, () -> as(agent).get("/api/agents/me/queue").statusCode() == 200);
        as(agent).post("/api/agents/me/queue/login").then().statusCode(200);
        as(agent).body(Map.of("reason", "MEAL")).post("/api/agents/me/queue/pause").then().statusCode(200);

        String caller = Numbers.national();
        String linkedId = "2047060000." + System.nanoTime() % 1_000_000;
        FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
        Await.until("the call is on record", BOUND, () -> Api.queryString(
                "SELECT ticket_id FROM call_record WHERE linked_id = '" + linkedId + "'") != null);
        long call = Api.queryLong("SELECT id FROM call_record WHERE linked_id = '" + linkedId + "'");
        String ticket = Api.queryString("SELECT t.number FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.id = " + call);

        clock.set("2047-03-06T10:01:05+08:00");
        String board = panels(session(Api.user("supervisor")));
        Matcher row = Pattern.compile("<tr data-call=\"" + call + "\".*?</tr>", Pattern.DOTALL).matcher(section(board, "calls"));
        assertTrue(row.find(), "the call is on the board: " + section(board, "calls"));
        String line = row.group();
        assertTrue(line.contains("data-state=\"WAITING\"") && line.contains("排队中"), line);
        assertTrue(line.contains(Numbers.e164(caller)) && line.contains(ticket) && line.contains("坐席队列"), line);
        assertTrue(line.contains(">01:05<"), "waiting for a minute and five seconds: " + line);

        String agents = section(board, "agents");
        Matcher member = Pattern.compile("<tr data-device=\"" + Pattern.quote(device) + "\" data-state=\"PAUSED\">.*?</tr>",
                Pattern.DOTALL).matcher(agents);
        assertTrue(member.find(), "the agent's phone, paused: " + agents);
        assertTrue(member.group().contains("Test " + agent) && member.group().contains("用餐"), member.group());
        as(agent).post("/api/agents/me/queue/logout").then().statusCode(200);
    }

    @Test
    void breachedDeadlinesAndThoseAboutToBreachAreOnTheBoardWithTheDaysOnTimeRates() {
        at("2047-03-07T10:00:00+08:00"); // a Thursday: a DAY ticket, reply in 30 min, work notice in 60
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        String supervisor = session(Api.user("supervisor"));

        at("2047-03-07T10:31:00+08:00");
        assertEquals("BREACHED", Api.queryString("SELECT state FROM deadline WHERE kind = 'REPLY' AND ticket_id = " + ticket));
        String board = panels(supervisor);
        assertTrue(section(board, "breached").contains("<tr data-ticket=\"" + ticket + "\" data-kind=\"REPLY\">"),
                section(board, "breached"));
        assertTrue(section(board, "breached").contains("href=\"/console/tickets/" + ticket + "\""));
        assertTrue(section(board, "breached").contains("Test " + agent), "with its owner");
        assertTrue(!section(board, "soon").contains("data-ticket=\"" + ticket + "\""),
                "the work notice is due in 29 minutes, its warning at 48: not yet about to breach");
        assertEquals("0%", figure(board, "replyOnTime"), "the day's one reply deadline was missed");
        assertEquals("", figure(board, "dispatchOnTime"), "the work notice is still running: nothing decided");

        at("2047-03-07T10:49:00+08:00"); // 11 minutes before it falls due, but its warning came at 10:48
        board = panels(supervisor);
        assertTrue(section(board, "soon").contains("<tr data-ticket=\"" + ticket + "\" data-kind=\"DISPATCH\">"),
                section(board, "soon"));
        assertTrue(section(board, "soon").contains("11:00"), "due at 11:00 in Beijing: " + section(board, "soon"));
    }

    @Test
    void todaysAnswerRateCountsTheOfficeHoursCallsOfTheDay() throws SQLException {
        clock.set("2047-03-12T15:00:00+08:00"); // a Tuesday
        String day = "2047-03-12T";
        // office hours: 3 answered by agents, 1 by an on-duty mobile, 1 missed, 1 abandoned, 1 still on the line
        seed(day + "09:00:00+08:00", "ANSWERED", true);
        seed(day + "09:30:00+08:00", "ANSWERED", true);
        seed(day + "10:00:00+08:00", "ANSWERED", true);
        seed(day + "11:00:00+08:00", "FORWARDED", true);
        seed(day + "12:00:00+08:00", "MISSED", true);
        seed(day + "13:00:00+08:00", "ABANDONED", true);
        seed(day + "14:59:00+08:00", "IN_PROGRESS", true);
        // outside office hours, and the day before: not in the rate
        seed(day + "07:00:00+08:00", "MISSED", false);
        seed(day + "07:30:00+08:00", "MISSED", false);
        seed("2047-03-11T23:59:00+08:00", "MISSED", true);

        String board = panels(session(Api.user("supervisor")));
        assertEquals("66.7%", figure(board, "answerRate"), "4 answered of 6 decided: " + section(board, "figures"));
        assertTrue(section(board, "figures").contains("4/6"), section(board, "figures"));
        assertTrue(section(board, "figures").contains("目标 100%"), "beside its target");
        assertEquals("9", figure(board, "callsToday"), "every call of the day since local midnight");
        assertEquals("0", figure(board, "ticketsToday"));
    }

    private static void seed(String startedAt, String outcome, boolean officeHours) throws SQLException {
        OffsetDateTime start = OffsetDateTime.parse(startedAt);
        boolean answered = outcome.equals("ANSWERED") || outcome.equals("FORWARDED");
        boolean ended = !outcome.equals("IN_PROGRESS");
        Api.execute("INSERT INTO call_record (linked_id, caller_number, started_at, answered_at, ended_at, outcome,"
                + " office_hours) VALUES ('board-" + System.nanoTime() + "', '" + Numbers.e164(Numbers.national()) + "', '"
                + start + "', " + (answered ? "'" + start.plusSeconds(10) + "'" : "NULL") + ", "
                + (ended ? "'" + start.plusMinutes(3) + "'" : "NULL") + ", '" + outcome + "', " + officeHours + ")");
    }

    @Test
    void whoIsOnDutyNowAndWhoComesNextAreOnTheBoard() {
        clock.set("2047-03-13T10:00:00+08:00");
        String supervisor = Api.user("supervisor");
        String now = Api.user("duty");
        String next = Api.user("duty");
        as(supervisor).body(Map.of("staffId", Api.staffId(now), "start", "2047-03-13T09:00:00+08:00",
                "end", "2047-03-13T10:10:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(201);
        as(supervisor).body(Map.of("staffId", Api.staffId(next), "start", "2047-03-13T10:10:00+08:00",
                "end", "2047-03-13T18:00:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(201);

        String duty = section(panels(session(supervisor)), "duty");
        Matcher nowList = Pattern.compile("<ol id=\"duty-now\">.*?</ol>", Pattern.DOTALL).matcher(duty);
        Matcher nextList = Pattern.compile("<ol id=\"duty-next\">.*?</ol>", Pattern.DOTALL).matcher(duty);
        assertTrue(nowList.find() && nextList.find(), duty);
        assertTrue(nowList.group().contains("Test " + now) && !nowList.group().contains("Test " + next), nowList.group());
        assertTrue(nextList.group().contains("Test " + next) && !nextList.group().contains("Test " + now), nextList.group());
        assertTrue(duty.contains("10:10 起"), "from the hand-over: " + duty);
    }
}
