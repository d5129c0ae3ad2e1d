package com.evhotline.security;

import static com.evhotline.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.Tables;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the HTTP layer answers before any resource runs: challenges, unknown paths and methods, huge bodies. */
@QuarkusTest
class HttpEdgesTest {

    @TestHTTPResource("/api/tickets")
    URI tickets;

    @Test
    void shouldChallengeAPostWithoutCredentialsAndWriteNothing() {
        var before = Tables.counts();
        given().contentType(ContentType.JSON).body(Map.of("callerNumber", Numbers.national()))
                .post("/api/tickets").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(Map.of("name", "Intruder", "roles", java.util.List.of("admin"),
                        "username", "intruder", "password", "long-enough-1"))
                .post("/api/staff").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json");
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldChallengeAPatchWithoutCredentialsAndChangeNothing() {
        long id = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        var before = Tables.counts();
        given().contentType(ContentType.JSON).body(Map.of("category", "INQUIRY"))
                .patch("/api/tickets/" + id).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        Tables.assertNothingWrittenSince(before);
        assertEquals("GENERAL_QUALITY", Api.queryString("SELECT category FROM ticket WHERE id = " + id));
    }

    @Test
    void shouldKeepMetricsTheApiDescriptionAndHealthDetailsForSupervisorsButProbesOpen() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/health/group/pbx"}) {
            given().get(path).then().statusCode(401);
            as(Api.user("agent")).get(path).then().statusCode(403);
            as(Api.user("supervisor")).get(path).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(503)));
        }
        given().get("/q/health/ready").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(503)));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void shouldAnswerAnUnknownPathUnderApiWith404Problem() {
        String agent = Api.user("agent");
        as(agent).get("/api/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("/q/openapi"));
        as(agent).get("/api/tickets/1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void shouldAnswerAWrongMethodWith405Problem() {
        String agent = Api.user("agent");
        as(agent).delete("/api/tickets/1").then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405))
                .body("detail", containsString("not allowed"));
        as(agent).put("/api/tickets").then().statusCode(405)
                .contentType("application/problem+json");
    }

    /** POSTs a ticket with this description, chunked: the body's length is not declared. */
    HttpResponse<String> postChunked(String agent, String caller, String description) throws IOException, InterruptedException {
        InputStream body = new SequenceInputStream(
                new ByteArrayInputStream(("{\"callerNumber\":\"" + caller + "\",\"description\":\"")
                        .getBytes(StandardCharsets.UTF_8)),
                new SequenceInputStream(new ByteArrayInputStream(description.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayInputStream("\"}".getBytes(StandardCharsets.UTF_8))));
        HttpRequest request = HttpRequest.newBuilder(tickets)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((agent + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)) // no length: sent chunked
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAcceptAChunkedBodyUnder64KiB() throws IOException, InterruptedException {
        String caller = Numbers.national();
        // 9,000 characters of three bytes each: 27 KB, beyond what the REST layer buffers before streaming
        HttpResponse<String> response = postChunked(Api.user("agent"), caller, "电".repeat(9000));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(9000, Api.queryLong("SELECT length(description) FROM ticket WHERE caller_number = '"
                + Numbers.e164(caller) + "'"));
    }

    @Test
    void shouldRefuseAChunkedBodyOver64KiBWithAProblemAndWriteNothing() throws IOException, InterruptedException {
        String agent = Api.user("agent");
        var before = Tables.counts();
        HttpResponse<String> response = postChunked(agent, Numbers.national(), "x".repeat(80 * 1024));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        assertTrue(response.body().contains("\"status\":413") && response.body().contains("64 KiB"), response.body());
        Tables.assertNothingWrittenSince(before);
    }
}
