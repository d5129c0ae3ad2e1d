package com.evhotline.call;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CallResourceTest {

    static final Path RECORDINGS = Path.of("target/test-recordings");
    static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    TestClock clock;

    String agent;
    String supervisor;
    long ticketId;
    String ticketNumber;
    String caller;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-27T10:00:00+08:00"); // a Friday, inside office hours
        agent = Api.user("agent");
        supervisor = Api.user("supervisor");
        caller = Numbers.e164(Numbers.national());
        var ticket = as(agent).body(Map.of("callerNumber", caller, "receivedAt", "2026-11-27T10:00:00+08:00"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath();
        ticketId = ticket.getLong("id");
        ticketNumber = ticket.getString("number");
    }

    /** A call on this test's ticket, written as the telephony side would; the {@code with} map overrides columns. */
    long call(String startedAt, String answeredAt, String endedAt, String outcome, Map<String, String> with) {
        var cols = new java.util.LinkedHashMap<String, String>();
        cols.put("linked_id", q(linkedId()));
        cols.put("ticket_id", String.valueOf(ticketId));
        cols.put("caller_number", q(caller));
        cols.put("started_at", ts(startedAt));
        cols.put("answered_at", ts(answeredAt));
        cols.put("ended_at", ts(endedAt));
        cols.put("outcome", q(outcome));
        cols.put("office_hours", "true");
        cols.put("route", q("QUEUE"));
        cols.put("queue", q("hotline"));
        cols.put("source", q("AMI"));
        cols.put("outcome_applied", "true"); // the ticket already took it: nothing on the telephony side acts on it
        cols.putAll(with);
        return Api.queryLong("INSERT INTO call_record (" + String.join(", ", cols.keySet()) + ") VALUES ("
                + String.join(", ", cols.values()) + ") RETURNING id");
    }

    long call(String startedAt, String answeredAt, String endedAt, String outcome) {
        return call(startedAt, answeredAt, endedAt, outcome, Map.of());
    }

    static String linkedId() {
        return "test-" + System.nanoTime() + "." + SEQ.incrementAndGet();
    }

    static String q(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    static String ts(String s) {
        return s == null ? "NULL" : "'" + s + "'::timestamptz";
    }

    @Test
    void shouldListTheTicketsCallsNewestFirstWithWaitAndTalkTimes() {
        long staff = Api.staffId(agent);
        long answered = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:00:08+08:00",
                "ANSWERED", Map.of("answered_by", String.valueOf(staff), "answered_by_name", q(agent),
                        "queued_at", ts("2026-11-27T10:00:01+08:00"), "recording", q("x.wav")));
        long missed = call("2026-11-27T10:05:00+08:00", null, "2026-11-27T10:05:20.004+08:00", "MISSED",
                Map.of("route", q("FORWARD"), "queue", "NULL", "office_hours", "false"));
        long ringing = call("2026-11-27T10:10:00+08:00", null, null, "IN_PROGRESS", Map.of("source", q("AGI")));

        as(agent).queryParam("ticketId", ticketId).get("/api/calls").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", contains((int) ringing, (int) missed, (int) answered))
                .body("items[2].linkedId", containsString("test-"))
                .body("items[2].callerNumber", equalTo(caller))
                .body("items[2].withheld", equalTo(false))
                .body("items[2].startedAt", equalTo("2026-11-27T10:00:00+08:00"))
                .body("items[2].queuedAt", equalTo("2026-11-27T10:00:01+08:00"))
                .body("items[2].answeredAt", equalTo("2026-11-27T10:00:05+08:00"))
                .body("items[2].endedAt", equalTo("2026-11-27T10:00:08+08:00"))
                .body("items[2].outcome", equalTo("ANSWERED"))
                .body("items[2].answeredBy", equalTo((int) staff))
                .body("items[2].answeredByName", equalTo(agent))
                .body("items[2].officeHours", equalTo(true))
                .body("items[2].ticketId", equalTo((int) ticketId))
                .body("items[2].ticketNumber", equalTo(ticketNumber))
                .body("items[2].route", equalTo("QUEUE"))
                .body("items[2].queue", equalTo("hotline"))
                .body("items[2].source", equalTo("AMI"))
                .body("items[2].waitSeconds", equalTo(5))
                .body("items[2].talkSeconds", equalTo(3))
                .body("items[2].recording", equalTo("/api/calls/" + answered + "/recording"))
                .body("items[1].outcome", equalTo("MISSED"))
                .body("items[1].route", equalTo("FORWARD"))
                .body("items[1].officeHours", equalTo(false))
                .body("items[1].answeredAt", nullValue())
                .body("items[1].endedAt", equalTo("2026-11-27T10:05:20.004+08:00"))
                .body("items[1].waitSeconds", equalTo(20.004f))
                .body("items[1].talkSeconds", nullValue())
                .body("items[1].recording", nullValue())
                .body("items[0].outcome", equalTo("IN_PROGRESS"))
                .body("items[0].source", equalTo("AGI"))
                .body("items[0].waitSeconds", nullValue())
                .body("items[0].talkSeconds", nullValue());
    }

    @Test
    void shouldReadOneCallAndListTheCallsOnTheTicket() {
        long first = call("2026-11-27T10:00:00+08:00", null, "2026-11-27T10:00:30+08:00", "ABANDONED");
        long second = call("2026-11-27T10:02:00+08:00", "2026-11-27T10:02:10+08:00", "2026-11-27T10:04:00+08:00",
                "FORWARDED", Map.of("answered_by_name", q("+8613900000001"), "route", q("FORWARD")));
        as(agent).get("/api/calls/" + second).then().statusCode(200)
                .body("id", equalTo((int) second))
                .body("outcome", equalTo("FORWARDED"))
                .body("answeredBy", nullValue())
                .body("answeredByName", equalTo("+8613900000001"))
                .body("ticketNumber", equalTo(ticketNumber))
                .body("waitSeconds", equalTo(10))
                .body("talkSeconds", equalTo(110));
        as(agent).get("/api/calls/" + first).then().statusCode(200)
                .body("outcome", equalTo("ABANDONED"))
                .body("waitSeconds", equalTo(30))
                .body("talkSeconds", nullValue());
        as(agent).get("/api/tickets/" + ticketId).then().statusCode(200)
                .body("calls", contains((int) first, (int) second));
    }

    @Test
    void shouldHideAWithheldNumber() {
        long withheld = call("2026-11-27T10:00:00+08:00", null, "2026-11-27T10:00:09+08:00", "MISSED",
                Map.of("caller_number", "NULL", "withheld", "true"));
        as(agent).get("/api/calls/" + withheld).then().statusCode(200)
                .body("callerNumber", nullValue())
                .body("withheld", equalTo(true));
    }

    @Test
    void shouldFilterByOutcomeOfficeHoursCallerAndTime() {
        long answered = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:01:00+08:00",
                "ANSWERED");
        long missed = call("2026-11-27T10:05:00+08:00", null, "2026-11-27T10:05:30+08:00", "MISSED",
                Map.of("office_hours", "false"));
        long late = call("2026-11-27T10:10:00+08:00", null, "2026-11-27T10:10:30+08:00", "ABANDONED");
        String path = "/api/calls";

        as(agent).queryParam("ticketId", ticketId).queryParam("outcome", "MISSED").get(path).then().statusCode(200)
                .body("items.id", contains((int) missed)).body("total", equalTo(1));
        as(agent).queryParam("ticketId", ticketId).queryParam("officeHours", "false").get(path).then()
                .body("items.id", contains((int) missed));
        as(agent).queryParam("ticketId", ticketId).queryParam("officeHours", "true").get(path).then()
                .body("items.id", contains((int) late, (int) answered));
        // from inclusive, to exclusive, in any offset
        as(agent).queryParam("ticketId", ticketId).queryParam("from", "2026-11-27T10:05:00+08:00")
                .queryParam("to", "2026-11-27T02:10:00Z").get(path).then()
                .body("items.id", contains((int) missed));
        as(agent).queryParam("ticketId", ticketId).queryParam("from", "2026-11-27T10:05:00+08:00").get(path).then()
                .body("items.id", contains((int) late, (int) missed));
        // the caller filter takes a national number as the tickets' filter does
        as(agent).queryParam("callerNumber", caller.substring(3)).get(path).then().statusCode(200)
                .body("items.id", contains((int) late, (int) missed, (int) answered));
        as(agent).queryParam("callerNumber", caller).queryParam("outcome", "ANSWERED").get(path).then()
                .body("items.id", contains((int) answered));
    }

    @Test
    void shouldPageNewestFirst() {
        long a = call("2026-11-27T10:00:00+08:00", null, "2026-11-27T10:00:10+08:00", "MISSED");
        long b = call("2026-11-27T10:01:00+08:00", null, "2026-11-27T10:01:10+08:00", "MISSED");
        long c = call("2026-11-27T10:02:00+08:00", null, "2026-11-27T10:02:10+08:00", "MISSED");
        as(agent).queryParam("ticketId", ticketId).queryParam("size", 2).get("/api/calls").then().statusCode(200)
                .body("items.id", contains((int) c, (int) b)).body("total", equalTo(3));
        as(agent).queryParam("ticketId", ticketId).queryParam("size", 2).queryParam("page", 1).get("/api/calls").then()
                .body("items.id", contains((int) a)).body("total", equalTo(3));
        as(agent).queryParam("ticketId", ticketId).queryParam("size", 2).queryParam("page", 2).get("/api/calls").then()
                .body("items", hasSize(0)).body("total", equalTo(3));
        as(agent).queryParam("size", 500).get("/api/calls").then().statusCode(200);
    }

    @Test
    void shouldRefuseBadParametersSayingWhatToFix() {
        refused("outcome", "FOO", "outcome: 'FOO' is not one of [IN_PROGRESS, ANSWERED, FORWARDED, MISSED, ABANDONED]");
        refused("from", "yesterday", "from: expected an ISO-8601 time with an offset");
        refused("to", "2026-11-27T10:00:00", "to: expected an ISO-8601 time with an offset");
        refused("size", "0", "size: expected a whole number from 1 to 500");
        refused("size", "501", "size: expected a whole number from 1 to 500");
        refused("page", "-1", "page: expected a whole number");
        refused("officeHours", "maybe", "officeHours: expected true or false");
        refused("ticketId", "x", "ticketId: expected a numeric id");
        refused("callerNumber", "call me", "callerNumber: expected a phone number");
    }

    void refused(String param, String value, String detail) {
        as(agent).queryParam(param, value).get("/api/calls").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    @Test
    void shouldAnswer404ForAnUnknownCall() {
        as(agent).get("/api/calls/987654321987").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no call with id 987654321987"));
        as(supervisor).get("/api/calls/987654321987/recording").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void shouldKeepCallsFromStationAndRegionalManagers() {
        long id = call("2026-11-27T10:00:00+08:00", null, "2026-11-27T10:00:10+08:00", "MISSED");
        long station = asAdmin().body(Map.of("code", "CL-" + System.nanoTime(), "name", "Calls test", "region", "Anhui"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = Api.user(Map.of("stationId", station), "station");
        String regional = Api.user(Map.of("region", "Anhui"), "regional");
        for (String who : new String[] {manager, regional}) {
            as(who).get("/api/calls").then().statusCode(403).contentType("application/problem+json");
            as(who).get("/api/calls/" + id).then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : new String[] {"duty", "leader", "supervisor"}) {
            as(Api.user(role)).get("/api/calls/" + id).then().statusCode(200);
        }
        asAdmin().get("/api/calls/" + id).then().statusCode(200);
    }

    @Test
    void shouldLetASupervisorDownloadTheRecording() throws IOException {
        String linked = linkedId();
        byte[] audio = ("RIFF fake wave of " + linked).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(RECORDINGS);
        Files.write(RECORDINGS.resolve(linked + ".wav"), audio);
        long id = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:00:08+08:00",
                "ANSWERED", Map.of("linked_id", q(linked), "recording", q(linked + ".wav")));

        byte[] got = as(supervisor).get("/api/calls/" + id + "/recording").then().statusCode(200)
                .contentType("audio/wav")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + linked + ".wav\""))
                .extract().asByteArray();
        assertArrayEquals(audio, got);
        as(agent).get("/api/calls/" + id + "/recording").then().statusCode(403)
                .contentType("application/problem+json");
        as(Api.user("leader")).get("/api/calls/" + id + "/recording").then().statusCode(403);
    }

    @Test
    void shouldSayWhenARecordingIsMissing() {
        long none = call("2026-11-27T10:00:00+08:00", null, "2026-11-27T10:00:10+08:00", "MISSED");
        as(supervisor).get("/api/calls/" + none + "/recording").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("call " + none + " has no recording"));
        String name = linkedId() + ".wav";
        long absent = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:00:08+08:00",
                "ANSWERED", Map.of("recording", q(name)));
        as(supervisor).get("/api/calls/" + absent + "/recording").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("the recording of call " + absent + " (" + name
                        + ") is not in the recordings directory"));
    }

    @Test
    void shouldNeverServeAFileOutsideTheRecordingsDirectory() throws IOException {
        Files.createDirectories(RECORDINGS);
        Path outside = Path.of("target", "outside-" + System.nanoTime() + ".wav");
        Files.writeString(outside, "not a recording");
        for (String name : new String[] {"../" + outside.getFileName(), "..", ".hidden.wav", "sub/x.wav",
                "..\\x.wav", Path.of("").toAbsolutePath().resolve(outside).toString()}) {
            long id = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:00:08+08:00",
                    "ANSWERED", Map.of("recording", q(name)));
            as(supervisor).get("/api/calls/" + id + "/recording").then().statusCode(404)
                    .contentType("application/problem+json");
        }
        // a link inside the directory that leads out of it
        String link = linkedId() + ".wav";
        Files.createSymbolicLink(RECORDINGS.resolve(link), outside.toAbsolutePath());
        long linked = call("2026-11-27T10:00:00+08:00", "2026-11-27T10:00:05+08:00", "2026-11-27T10:00:08+08:00",
                "ANSWERED", Map.of("recording", q(link)));
        as(supervisor).get("/api/calls/" + linked + "/recording").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void shouldDescribeTheCallsInOpenApi() {
        com.evhotline.support.Api.asAdmin().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/calls", "/api/calls/{id}", "/api/calls/{id}/recording"))
                .body("paths.'/api/calls'.get.parameters.name", hasItems("ticketId", "from", "to", "outcome",
                        "officeHours", "callerNumber", "page", "size"))
                .body("paths.'/api/calls/{id}/recording'.get.responses.'200'.content.keySet()", hasItems("audio/wav"))
                .body("components.schemas.CallView.properties.waitSeconds.type", equalTo("number"));
    }
}
