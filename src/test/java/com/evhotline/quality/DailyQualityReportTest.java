package com.evhotline.quality;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.TestMail;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The daily quality report made on time by the driven clock, once however often it runs, after a downtime too, a
 * day that failed at a later tick, read back as PDF (Chinese text through PDFBox) and CSV, and mailed with both to
 * a real SMTP server. Dates in 2052, where no other test works.
 */
@QuarkusTest
class DailyQualityReportTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    DailyReportJob job;

    @Inject
    ReportWatch watch;

    private static long reports(String day) {
        return Api.queryLong("SELECT count(*) FROM daily_quality_report WHERE report_date = '" + day + "'");
    }

    private static List<MimeMessage> mailsAbout(String day) {
        return Arrays.stream(TestMail.get().getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject() != null && m.getSubject().contains("质量日报 " + day);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String vin() {
        return "LNBSCB3F" + String.format("%09d", System.nanoTime() % 1_000_000_000L);
    }

    /** A ticket received now (the clock) by a supervisor, with its fault; answers its number. */
    private static Map<String, Object> ticket(String supervisor, String category, String vin, String fault,
            String description) {
        Map<String, Object> body = new HashMap<>(Map.of("callerNumber", Numbers.national(), "category", category));
        if (vin != null) {
            body.put("vin", vin);
        }
        if (description != null) {
            body.put("description", description);
        }
        var created = as(supervisor).body(body).post("/api/tickets").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        if (fault != null) {
            as(supervisor).body(Map.of("fault", fault)).patch("/api/tickets/" + id).then().statusCode(200)
                    .body("fault", equalTo(fault.strip()));
        }
        return Map.of("id", id, "number", created.getString("number"));
    }

    @Test
    void theReportIsMadeAtHalfPastThreeOnceAndMailedWithThePdfAndTheCsv() throws Exception {
        String supervisor = Api.user("supervisor");
        String code = "QS" + System.nanoTime() % 1_000_000_000L;
        long station = Api.asAdmin().body(Map.of("code", code, "name", "杭州西湖服务站", "region", "华东"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String vin1 = vin();
        String vin2 = vin();
        clock.set("2052-03-04T09:15:00+08:00");
        var charging = ticket(supervisor, "GENERAL_QUALITY", vin1, "电池无法充电", "客户反映车辆在家用充电桩上无法充电，"
                + "仪表提示充电系统故障。".repeat(12));
        as(supervisor).body(Map.of("stationId", station, "instruction", "请联系客户检查充电系统"))
                .post("/api/tickets/" + charging.get("id") + "/dispatches").then().statusCode(201);
        clock.set("2052-03-04T13:40:00+08:00");
        var complaint = ticket(supervisor, "COMPLAINT", vin2, "Door seal leaks, \"rear\" left", "Water on the floor");
        clock.set("2052-03-04T20:05:00+08:00");
        var inquiry = ticket(supervisor, "INQUIRY", null, null, "营业时间？");
        clock.set("2052-03-05T00:10:00+08:00");
        var nextDay = ticket(supervisor, "RESCUE", vin(), "高压断电", null);

        clock.set("2052-03-05T15:29:00+08:00");
        job.tick().await().atMost(BOUND);
        assertEquals(0, reports("2052-03-04"), "not before 15:30");

        clock.set("2052-03-05T15:30:00+08:00");
        assertTrue(job.tick().await().atMost(BOUND).contains(LocalDate.parse("2052-03-04")));
        assertEquals(1, reports("2052-03-04"));
        assertEquals(2, Api.queryLong("SELECT row_count FROM daily_quality_report WHERE report_date = '2052-03-04'"));

        // one copy per address of the list, each with the PDF and the CSV
        Await.until("both copies at the mail server", BOUND, () -> mailsAbout("2052-03-04").size() == 2);
        List<String> to = new ArrayList<>();
        for (MimeMessage m : mailsAbout("2052-03-04")) {
            to.add(m.getAllRecipients()[0].toString());
            Multipart parts = (Multipart) m.getContent();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart p = parts.getBodyPart(i);
                if (p.getFileName() != null) {
                    files.add(p.getFileName() + " " + p.getContentType().split(";")[0].toLowerCase());
                    if (p.getFileName().endsWith(".pdf")) {
                        assertTrue(text(p.getInputStream().readAllBytes()).contains("电池无法充电"));
                    }
                }
            }
            assertEquals(List.of("quality-report-2052-03-04.pdf application/pdf",
                    "quality-report-2052-03-04.csv text/csv"), files);
        }
        assertEquals(List.of("qa-lead@ev-hotline.test", "quality@ev-hotline.test"), to.stream().sorted().toList());
        Await.until("recorded as sent", BOUND, () -> Api.queryLong("SELECT count(*) FROM quality_mail"
                + " WHERE report_date = '2052-03-04' AND state = 'SENT'") == 2);

        // run twice (and once more on demand): still one report, still one mail per address
        job.tick().await().atMost(BOUND);
        as(supervisor).post("/api/reports/daily/2052-03-04").then().statusCode(200).body("rows", equalTo(2));
        assertEquals(1, reports("2052-03-04"));
        assertEquals(2, Api.queryLong("SELECT count(*) FROM quality_mail WHERE report_date = '2052-03-04'"));
        assertEquals(2, mailsAbout("2052-03-04").size());
        as(supervisor).get("/api/reports/daily").then().statusCode(200)
                .body("find { it.date == '2052-03-04' }.mail.state", equalTo("SENT"))
                .body("find { it.date == '2052-03-04' }.generatedBy", equalTo("schedule"));

        // the PDF read back: Chinese headings, the fault, the VIN, the station, the category in Chinese
        byte[] pdf = as(supervisor).accept("application/pdf").get("/api/reports/daily/2052-03-04").then()
                .statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("quality-report-2052-03-04.pdf"))
                .extract().asByteArray();
        String text = text(pdf);
        for (String expected : List.of("售后服务质量日报", "分类汇总", "问题明细", "电池无法充电", vin1, vin2,
                "杭州西湖服务站", "一般质量问题", "投诉", (String) charging.get("number"), "已派工")) {
            assertTrue(text.contains(expected), "the PDF shows " + expected + ":\n" + text);
        }
        assertFalse(text.contains((String) inquiry.get("number")), "an inquiry is no quality problem");
        assertFalse(text.contains((String) nextDay.get("number")), "the next day's ticket waits for its own report");

        // the CSV parsed: the heads, one row per ticket, whole descriptions, quotes kept
        String csv = as(supervisor).accept("text/csv").get("/api/reports/daily/2052-03-04").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().body().asString();
        assertTrue(csv.startsWith("\uFEFF"), "a byte-order mark for spreadsheet programs");
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.parse(new StringReader(csv.substring(1)))) {
            records = parser.getRecords();
        }
        assertEquals(ReportWords.COLUMNS, records.get(0).toList());
        assertEquals(3, records.size());
        assertEquals(List.of("1", (String) charging.get("number"), "2052-03-04T09:15:00+08:00", "一般质量问题", vin1,
                "电池无法充电"), records.get(1).toList().subList(0, 6));
        assertTrue(records.get(1).get(6).endsWith("仪表提示充电系统故障。"), "the whole description");
        assertEquals("杭州西湖服务站", records.get(1).get(7));
        assertEquals("Door seal leaks, \"rear\" left", records.get(2).get(5));
        assertEquals("投诉", records.get(2).get(3));
        assertEquals("待处理", records.get(2).get(8));
    }

    @Test
    void aReportMissedWhileTheServiceWasDownIsMadeAtTheFirstTickOldestFirst() {
        clock.set("2052-06-09T09:00:00+08:00"); // the 8th's report is due at 15:30 today
        job.tick().await().atMost(BOUND);
        assertEquals(1, reports("2052-06-07"));
        assertEquals(0, reports("2052-06-08"));

        clock.set("2052-06-10T18:00:00+08:00"); // down from the morning of the 9th until the evening of the 10th
        assertEquals(List.of(LocalDate.parse("2052-06-08"), LocalDate.parse("2052-06-09")),
                job.tick().await().atMost(BOUND));
        assertEquals(1, reports("2052-06-08"));
        assertEquals(1, reports("2052-06-09"));
        assertEquals(List.of(), job.tick().await().atMost(BOUND));
    }

    @Test
    void aDowntimeLongerThanAWeekCatchesUpTheLastSevenDaysAndTheRestAreMadeOnDemand() {
        clock.set("2052-07-02T16:00:00+08:00");
        job.tick().await().atMost(BOUND);
        assertEquals(1, reports("2052-07-01"));

        clock.set("2052-07-20T16:00:00+08:00"); // down for 18 days
        List<LocalDate> made = job.tick().await().atMost(BOUND);
        assertEquals(LocalDate.parse("2052-07-13"), made.get(0));
        assertEquals(LocalDate.parse("2052-07-19"), made.get(made.size() - 1));
        assertEquals(7, made.size());
        assertEquals(0, reports("2052-07-12"));

        String supervisor = Api.user("supervisor");
        as(supervisor).accept("application/pdf").get("/api/reports/daily/2052-07-12").then().statusCode(404)
                .body("detail", containsString("POST /api/reports/daily/2052-07-12"));
        as(supervisor).post("/api/reports/daily/2052-07-12").then().statusCode(201)
                .header("Location", containsString("/api/reports/daily/2052-07-12"))
                .body("date", equalTo("2052-07-12")).body("rows", equalTo(0));
        as(supervisor).post("/api/reports/daily/2052-07-12").then().statusCode(200);
        assertEquals(1, reports("2052-07-12"));
    }

    private static long toldLate(String source) {
        return Api.queryLong("SELECT count(*) FROM notification WHERE source = '" + source + "' AND channel = 'WEB'");
    }

    @Test
    void aReportNotMadeOrNotMailedByQuarterToFourIsToldToTheSupervisorsOnce() {
        Api.user("supervisor");
        clock.set("2052-10-06T15:44:00+08:00"); // the 5th's report is not made (the schedule did not run)
        assertEquals(Map.of(), watch.check().await().atMost(BOUND), "nothing is told before the tell-by time");
        clock.set("2052-10-06T15:45:00+08:00");
        assertEquals("not made", watch.check().await().atMost(BOUND).get(LocalDate.parse("2052-10-05")));
        long told = toldLate("quality-report-late:2052-10-05:none");
        assertTrue(told > 0, "every supervisor and administrator is told in the inbox");
        clock.set("2052-10-06T15:46:00+08:00");
        watch.check().await().atMost(BOUND);
        assertEquals(told, toldLate("quality-report-late:2052-10-05:none"), "told once");

        assertTrue(job.tick().await().atMost(BOUND).contains(LocalDate.parse("2052-10-05")));
        Await.until("the report mailed", BOUND, () -> mailsAbout("2052-10-05").size() == 2);
        Await.until("the mail recorded as sent", BOUND, () -> watch.check().await().atMost(BOUND).isEmpty());
    }

    /** The messages about a day's report in a person's inbox. */
    private static List<String> toldAbout(String user, String day) {
        return as(user).get("/api/inbox").then().statusCode(200).extract().jsonPath()
                .<String>getList("subject").stream().filter(s -> s.startsWith("QUALITY REPORT of " + day)).toList();
    }

    @Test
    void aDayWhoseReportFailedWhileTheNextWasMadeIsMadeAtALaterTickAndToldWhileMissing() throws Exception {
        String supervisor = Api.user("supervisor");
        clock.set("2052-04-14T16:00:00+08:00");
        job.tick().await().atMost(BOUND);
        assertEquals(1, reports("2052-04-13"));

        clock.set("2052-04-16T16:00:00+08:00"); // down over the 15th's report time: the 14th and the 15th are due
        try {
            // the database refuses the 14th's report, as a full disk or a broken connection would
            Api.execute("CREATE OR REPLACE FUNCTION refuse_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.report_date = DATE '2052-04-14' THEN RAISE EXCEPTION 'injected failure'; END IF; "
                    + "RETURN NEW; END $$");
            Api.execute("CREATE TRIGGER refuse_report BEFORE INSERT ON daily_quality_report FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_report()");
            assertEquals(List.of(LocalDate.parse("2052-04-15")), job.tick().await().atMost(BOUND),
                    "the day after the failed one is still made");
            assertEquals(0, reports("2052-04-14"));
            assertEquals(1, toldAbout(supervisor, "2052-04-14").size(), "the supervisors are told it is missing");
            assertTrue(toldAbout(supervisor, "2052-04-14").get(0).contains("POST /api/reports/daily/2052-04-14"));

            clock.advance(Duration.ofMinutes(1));
            assertEquals(List.of(), job.tick().await().atMost(BOUND), "still refused");
            assertEquals(1, toldAbout(supervisor, "2052-04-14").size(), "told once");
        } finally {
            Api.execute("DROP TRIGGER IF EXISTS refuse_report ON daily_quality_report");
            Api.execute("DROP FUNCTION IF EXISTS refuse_report()");
        }

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(LocalDate.parse("2052-04-14")), job.tick().await().atMost(BOUND),
                "tried again though a later day is made");
        assertEquals(1, reports("2052-04-14"));
        Await.until("its mail at the mail server", BOUND, () -> mailsAbout("2052-04-14").size() == 2);
        Await.until("nothing left to tell", BOUND, () -> watch.check().await().atMost(BOUND).isEmpty());
        assertEquals(1, toldAbout(supervisor, "2052-04-14").size());
    }

    @Test
    void refusalsSayWhatToDo() {
        clock.set("2052-09-10T10:00:00+08:00");
        String supervisor = Api.user("supervisor");
        as(supervisor).accept("application/pdf").get("/api/reports/daily/2052-13-01").then().statusCode(400)
                .body("detail", containsString("YYYY-MM-DD"));
        as(supervisor).accept("application/pdf").get("/api/reports/daily/yesterday").then().statusCode(400);
        as(supervisor).accept("application/json").get("/api/reports/daily/2052-09-08").then().statusCode(406)
                .body("detail", containsString("application/pdf")).body("detail", containsString("text/csv"));
        as(supervisor).accept("text/csv").get("/api/reports/daily/2052-09-10").then().statusCode(404)
                .body("detail", containsString("2052-09-11 15:30 (Asia/Shanghai)"));
        as(supervisor).post("/api/reports/daily/2052-09-10").then().statusCode(400)
                .body("detail", containsString("once that day is over"));
        as(Api.user("agent")).accept("application/pdf").get("/api/reports/daily/2052-09-08").then().statusCode(403);
        as(Api.user("agent")).get("/api/reports/daily").then().statusCode(403);
        as(Api.user("leader")).post("/api/reports/daily/2052-09-08").then().statusCode(403);
        as(Api.user("agent")).get("/api/quality/batches").then().statusCode(403);
        assertEquals(0, reports("2052-09-08"), "nothing made by a refused request");
    }

    static String text(byte[] pdf) throws java.io.IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
