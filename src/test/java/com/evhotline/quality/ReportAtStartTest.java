package com.evhotline.quality;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.TestMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service that was down at the report time makes the missed report when it starts: the report schedule is on
 * and the service starts after 15:30 of the day the report was due, as a site does after a night of downtime.
 */
@QuarkusTest
@TestProfile(ReportAtStartTest.StartedAfterTheReportTime.class)
class ReportAtStartTest {

    /**
     * Shorter than the schedule's first run after start (60 s), so only the start itself can have made the report.
     */
    private static final Duration BOUND = Duration.ofSeconds(40);

    /** The report schedule on, starting at 16:00 on 20 November 2052: the 19th's report was due at 15:30. */
    public static class StartedAfterTheReportTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotline.quality.report-enabled", "true", "test.clock.start", "2052-11-20T16:00:00+08:00");
        }
    }

    private static List<MimeMessage> mailsAbout(String day) {
        return Arrays.stream(TestMail.get().getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject() != null && m.getSubject().contains("质量日报 " + day);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void theReportMissedWhileTheServiceWasDownIsMadeAndMailedAtStart() {
        Await.until("the 19th's report kept", BOUND, () -> Api.queryLong(
                "SELECT count(*) FROM daily_quality_report WHERE report_date = '2052-11-19'") == 1);
        Await.until("its mail at the quality department's addresses", BOUND, () -> mailsAbout("2052-11-19").size() == 2);
        as(Api.user("supervisor")).get("/api/reports/daily").then().statusCode(200)
                .body("find { it.date == '2052-11-19' }.generatedBy", equalTo("schedule"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM daily_quality_report WHERE report_date = '2052-11-20'"),
                "today's report waits for tomorrow");
    }
}
