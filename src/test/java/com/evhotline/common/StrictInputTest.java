package com.evhotline.common;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;

import com.evhotline.support.Api;
import com.evhotline.support.Tables;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request means one thing only: control characters in text, a key given twice, anything after the
 * JSON value, a number where text is expected (and text where a number is), and a boolean that is
 * neither true nor false are refused with 400 naming what to fix, and nothing is written.
 */
@QuarkusTest
class StrictInputTest {

    private static void refused(String agent, String body, String detail) {
        var before = Tables.counts();
        as(agent).body(body).post("/api/tickets").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(detail));
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void textWithANulOrAnotherControlCharacterIsRefusedNamingTheField() {
        String agent = Api.user("agent");
        refused(agent, "{\"callerNumber\":\"13800000000\",\"description\":\"stuck\\u0000on G3\"}",
                "description: a control character (U+0000)");
        refused(agent, "{\"callerNumber\":\"13800000000\",\"customerName\":\"Li\\u001b[31m\"}", "U+001B");
        // tab and line ends are text
        as(agent).body("{\"callerNumber\":\"13800000000\",\"description\":\"line one\\nline two\\tend\"}")
                .post("/api/tickets").then().statusCode(201);
    }

    @Test
    void aKeyGivenTwiceOrMoreAfterTheValueIsRefused() {
        String agent = Api.user("agent");
        refused(agent, "{\"callerNumber\":\"13800000000\",\"callerNumber\":\"13900000000\"}", "callerNumber");
        refused(agent, "{\"callerNumber\":\"13800000000\"} {\"callerNumber\":\"13900000000\"}", "one JSON value");
        refused(agent, "{\"callerNumber\":\"13800000000\"}garbage", "JSON");
    }

    @Test
    void aNumberForTextOrTextForANumberIsRefused() {
        String agent = Api.user("agent");
        refused(agent, "{\"callerNumber\":13800000000}", "callerNumber");
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        as(supervisor).body(Map.of("staffId", duty, "start", "2033-03-01T17:30:00+08:00", "end",
                "2033-03-02T08:30:00+08:00", "position", "3")).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("position"));
        as(supervisor).body(Map.of("staffId", duty, "start", "2033-03-01T17:30:00+08:00", "end",
                "2033-03-02T08:30:00+08:00", "position", 3.7)).post("/api/roster/shifts").then().statusCode(400);
    }

    @Test
    void aBooleanThatIsNeitherTrueNorFalseIsRefused() {
        String agent = Api.user("agent");
        as(agent).get("/api/inbox?unread=maybe").then().statusCode(400).body("detail", containsString("unread"));
        as(agent).get("/api/inbox?unread=true").then().statusCode(200);
        as(Api.user("supervisor")).get("/api/roster/shifts?includeCancelled=yes").then().statusCode(400)
                .body("detail", containsString("includeCancelled"));
    }
}
