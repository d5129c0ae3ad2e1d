package com.evhotline.console;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages' live connection over HTTP: an incoming call reaches the agents' pages and not a station
 * manager's; a call announced by another instance (through the database) reaches them as well; a change to
 * the tickets tells every page to fetch its lists; nobody listens without logging in.
 */
@QuarkusTest
class ConsoleLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TestHTTPResource("/console/events")
    URL events;

    @Inject
    TestClock clock;

    /** One page's live connection: the events as they come ("name: data"). */
    static final class Page implements AutoCloseable {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Page(URL events, String cookie) throws Exception {
            HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events.toURI())
                    .header("Cookie", "quarkus-credential=" + cookie).build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            reader = new Thread(() -> {
                String[] name = {"message"};
                try (Stream<String> lines = r.body()) {
                    lines.forEach(l -> {
                    if (l.startsWith("event:")) {
                        name[0] = l.substring(6).trim();
                    } else if (l.startsWith("data:")) {
                        seen.add(name[0] + ": " + l.substring(5).trim());
                    } else if (l.isEmpty()) {
                        name[0] = "message";
                    }
                    });
                } catch (java.io.UncheckedIOException closed) {
                    // the service stopped or the test ended
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
            Await.until("the stream opened", BOUND, () -> seen.stream().anyMatch(e -> e.startsWith("live")));
        }

        boolean got(String name, String containing) {
            return seen.stream().anyMatch(e -> e.startsWith(name + ": ") && e.contains(containing));
        }

        @Override
        public void close() {
            reader.interrupt();
        }
    }

    private static String session(String username) {
        return com.evhotline.support.PageSession.logIn(username).cookie();
    }

    @Test
    void anIncomingCallReachesTheAgentsPagesAndNotAStationManagers() throws Exception {
        clock.set(Instant.parse("2046-03-07T02:30:00Z")); // a Wednesday in office hours: the queue
        long station = Api.asAdmin().body(Map.of("code", "LV" + System.nanoTime() % 1_000_000_000L, "name", "苏州南"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String caller = Numbers.e164(Numbers.national());
        try (Page agent = new Page(events, session(Api.user("agent")));
                Page manager = new Page(events, session(Api.user(Map.of("stationId", station), "station")))) {
            String linkedId = "1795910000." + System.nanoTime() % 1_000_000;
            FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                    .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
            Await.until("the call popped up", BOUND, () -> agent.got("pop", caller));
            long callId = Api.queryLong("SELECT id FROM call_record WHERE linked_id = '" + linkedId + "'");
            assertTrue(agent.got("pop", "data-call=\"" + callId + "\""), agent.seen.toString());
            Await.until("both told the lists changed", BOUND, () -> agent.got("lists", "") && manager.got("lists", ""));
            assertTrue(manager.seen.stream().noneMatch(e -> e.startsWith("pop")), "a station manager gets no calls: "
                    + manager.seen);

            // another instance announces a call through the database: this instance's agents see it too
            int before = (int) agent.seen.stream().filter(e -> e.startsWith("pop")).count();
            Api.execute("SELECT pg_notify('hotline_call_pop', '" + callId + "')");
            Await.until("the other instance's call popped up", BOUND,
                    () -> agent.seen.stream().filter(e -> e.startsWith("pop")).count() > before);
        }
    }

    @Test
    void nobodyListensWithoutLoggingIn() throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(events.toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(302, r.statusCode(), "sent to the login page");
        String agent = Api.user("agent");
        as(agent).redirects().follow(false).get("/console/events").then().statusCode(302); // Basic is for the API only
    }
}
