package com.evhotline.call;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every calls setting can be given in the configuration (application.properties, -D), not only in the
 * environment: a setting the service reads but no mapping declares stops the start with "does not map
 * to any root" (as the intake's and the CDR reader's did).
 */
@QuarkusTest
@TestProfile(CallSettingsTest.SiteSettings.class)
class CallSettingsTest {

    /** A site that sets every one of them. */
    public static class SiteSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotline.calls.merge-window", "PT12H", "hotline.cdr.zone", "Asia/Shanghai",
                    "hotline.cdr.look-back", "P1D", "hotline.agi.queue", "after-sales",
                    "hotline.agi.ticket-wait", "PT0.3S", "hotline.agi.ticket-batch", "50",
                    "hotline.agi.ticket-batches-in-flight", "1", "hotline.agi.ticket-linger", "PT0.01S");
        }
    }

    @Inject
    CallsConfig calls;

    @Inject
    CdrConfig cdr;

    @Inject
    IntakeConfig intake;

    @Test
    void shouldStartWithEveryCallsSettingGivenAndUseThem() {
        assertEquals(Duration.ofHours(12), calls.mergeWindow());
        assertEquals(ZoneId.of("Asia/Shanghai"), cdr.zone());
        assertEquals(Duration.ofDays(1), cdr.lookBack());
        assertEquals(Duration.ofMillis(300), intake.ticketWait());
        assertEquals(50, intake.ticketBatch());
        assertEquals(1, intake.ticketBatchesInFlight());
        assertEquals(Duration.ofMillis(10), intake.ticketLinger());
        // the queue a QUEUE answer names, as the routing preview shows it (a Monday morning: office hours)
        as(Api.user("supervisor")).queryParam("at", "2033-10-10T10:00:00+08:00").get("/api/routing").then()
                .statusCode(200).body("route", equalTo("QUEUE")).body("queue", equalTo("after-sales"));
    }
}
