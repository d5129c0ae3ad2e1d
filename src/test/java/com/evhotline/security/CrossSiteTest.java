package com.evhotline.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Another web site cannot make a signed-in browser act here: what a foreign page can send without
 * asking (a form, text/plain) is refused with 415, and a request naming a foreign Origin with 403;
 * nothing changes either way. The API's own clients (JSON, no or the same Origin) go through.
 */
@QuarkusTest
class CrossSiteTest {

    @TestHTTPResource("/")
    URL self;

    private static RequestSpecification signedIn(String user) {
        return given().auth().preemptive().basic(user, Api.PASSWORD);
    }

    private static long openTicket(String agent) {
        return Api.as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static String status(long id) {
        return Api.queryString("SELECT status FROM ticket WHERE id = " + id);
    }

    @Test
    void aOneValueActionSentAsTextOrAFormIsRefusedAndChangesNothing() {
        String agent = Api.user("agent");
        long id = openTicket(agent);
        String before = status(id);
        signedIn(agent).contentType("text/plain").body("{\"note\":\"closed from elsewhere\"}")
                .post("/api/tickets/" + id + "/close").then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("application/json"));
        signedIn(agent).contentType("application/x-www-form-urlencoded").formParam("note", "closed from elsewhere")
                .post("/api/tickets/" + id + "/close").then().statusCode(415);
        signedIn(agent).contentType("multipart/form-data").multiPart("note", "closed from elsewhere")
                .post("/api/tickets/" + id + "/close").then().statusCode(415);
        assertEquals(before, status(id));
    }

    @Test
    void aRequestFromAnotherOriginIsRefusedAndOneFromThisOriginGoesThrough() {
        String agent = Api.user("agent");
        long id = openTicket(agent);
        String before = status(id);
        Api.as(agent).header("Origin", "https://evil.example").body(Map.of("note", "closed from elsewhere"))
                .post("/api/tickets/" + id + "/close").then().statusCode(403)
                .body("detail", containsString("another site"));
        Api.as(agent).header("Origin", "null").body(Map.of("note", "closed from a sandbox"))
                .post("/api/tickets/" + id + "/close").then().statusCode(403);
        assertEquals(before, status(id));
        String own = self.getProtocol() + "://" + self.getHost() + ":" + self.getPort();
        Api.as(agent).header("Origin", own).body(Map.of("category", "INQUIRY", "reason", "a question"))
                .patch("/api/tickets/" + id).then().statusCode(200);
        assertEquals("INQUIRY", Api.queryString("SELECT category FROM ticket WHERE id = " + id));
    }
}
