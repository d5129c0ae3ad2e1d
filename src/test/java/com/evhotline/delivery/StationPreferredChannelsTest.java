package com.evhotline.delivery;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A station that chose its channels gets its notices on those, not on the configured plan (which here is
 * SMS, e-mail and a voice call); one that did not gets the plan. Notices in 2045.
 */
@QuarkusTest
class StationPreferredChannelsTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    private long station(Object preferred) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("code", "PC" + System.nanoTime() % 1_000_000_000L,
                "name", "Preferring"));
        if (preferred != null) {
            body.put("preferredChannels", preferred);
        }
        return Api.asAdmin().body(body).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String channelsOfNotice(long notice, long person) {
        return Api.queryString("SELECT string_agg(channel, '+' ORDER BY channel) FROM notification WHERE notice_id = "
                + notice + " AND kind = 'DISPATCH_NOTICE' AND recipient_staff_id = " + person + " AND channel <> 'WEB'");
    }

    private long notice(long station) {
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        return as(agent).body(Map.of("stationId", station, "instruction", "Check the charger"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aStationsOwnChannelsCarryItsNoticesInsteadOfThePlan() {
        clock.set("2045-02-03T10:00:00+08:00");
        long choosy = station(List.of("voice", "SMS"));
        Api.asAdmin().get("/api/stations/" + choosy).then().body("preferredChannels", equalTo(List.of("SMS", "VOICE")));
        long choosyManager = Api.staffId(Api.user(Map.of("stationId", choosy), "station"));
        long plain = station(null);
        long plainManager = Api.staffId(Api.user(Map.of("stationId", plain), "station"));
        for (long manager : new long[] {choosyManager, plainManager}) {
            Api.asAdmin().body(Map.of("email", "m" + manager + "@station.test")).patch("/api/staff/" + manager).then()
                    .statusCode(200);
        }

        long first = notice(choosy);
        long second = notice(plain);
        Await.until("planned", BOUND, () -> channelsOfNotice(first, choosyManager) != null
                && channelsOfNotice(second, plainManager) != null);
        assertEquals("SMS+VOICE", channelsOfNotice(first, choosyManager), "the station's choice, no e-mail");
        assertEquals("EMAIL+SMS+VOICE", channelsOfNotice(second, plainManager), "the configured plan");

        // back to the plan: an empty list
        Api.asAdmin().body(Map.of("preferredChannels", List.of())).patch("/api/stations/" + choosy).then().statusCode(200)
                .body("preferredChannels", equalTo(List.of()));
        long third = notice(choosy);
        Await.until("planned", BOUND, () -> channelsOfNotice(third, choosyManager) != null);
        assertEquals("EMAIL+SMS+VOICE", channelsOfNotice(third, choosyManager));
    }

    @Test
    void anUnknownChannelIsRefusedInTheApiAndInTheImport() {
        Api.asAdmin().body(Map.of("code", "PX" + System.nanoTime() % 1_000_000_000L, "name", "Fax station",
                "preferredChannels", List.of("FAX"))).post("/api/stations").then().statusCode(400)
                .body("detail", containsString("'FAX' is not a channel"));
        String code = "PI" + System.nanoTime() % 1_000_000_000L;
        Api.asAdmin().body(Map.of("csv", "code,name,preferredChannels\n" + code + ",Imported,SMS+PIGEON\n"))
                .post("/api/stations/import").then().statusCode(400)
                .body("errors[0].column", equalTo("preferredChannels"))
                .body("errors[0].line", equalTo(2));
        Api.asAdmin().body(Map.of("csv", "code,name,preferredChannels\n" + code + ",Imported,EMAIL+SMS\n"))
                .post("/api/stations/import").then().statusCode(200);
        assertEquals("{SMS,EMAIL}", Api.queryString("SELECT preferred_channels::text FROM station WHERE code = '" + code + "'"));
    }
}
