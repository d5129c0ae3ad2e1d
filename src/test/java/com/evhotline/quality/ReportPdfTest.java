package com.evhotline.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF: the CJK font embedded as a subset, long cells wrapped, a long day paginated with its heads again. */
class ReportPdfTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static DailyReport day(int tickets) {
        List<DailyReport.Row> rows = new ArrayList<>();
        Instant start = Instant.parse("2052-03-04T00:30:00Z");
        for (int i = 0; i < tickets; i++) {
            rows.add(new DailyReport.Row(i, "HL-20520304-" + String.format("%04d", i + 1), start.plusSeconds(600L * i),
                    DailyReport.CATEGORIES.get(i % 4), "LNBSCB3F5P" + String.format("%07d", i),
                    i % 3 == 0 ? "电池无法充电，充电枪插入后仪表无反应并提示充电系统故障" : "Door seal leaks at the rear left",
                    "客户反映：" + "车辆停放一夜后无法启动，低压蓄电池亏电，需要救援拖车。".repeat(i % 5 + 1),
                    i % 2 == 0 ? "杭州西湖服务站、宁波北仑服务站" : null, "OPEN"));
        }
        return new DailyReport(LocalDate.parse("2052-03-04"), ZONE, Instant.parse("2052-03-05T07:30:00Z"), rows);
    }

    @Test
    void aLongDayRunsOverPagesEachWithTheColumnHeadsAndNumbered() throws Exception {
        byte[] pdf = ReportPdf.render(day(60), ReportFont.load(null));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/quality-report-sample.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages > 2, "60 tickets with long descriptions take several pages: " + pages);
            assertEquals(842, Math.round(doc.getPage(0).getMediaBox().getWidth()), "A4 landscape");
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= pages; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String page = stripper.getText(doc);
                assertTrue(page.contains("第 " + p + " 页 / 共 " + pages + " 页"), page);
                if (p > 1) {
                    assertTrue(page.contains("车架号(VIN)") && page.contains("故障"), "heads again on page " + p);
                }
            }
            String all = new PDFTextStripper().getText(doc);
            assertTrue(all.contains("HL-20520304-0060"), "the last ticket is there");
            PDFont font = doc.getPage(0).getResources().getFont(doc.getPage(0).getResources().getFontNames().iterator().next());
            assertTrue(font.isEmbedded(), "the font is in the file");
            assertTrue(font.getName().contains("+"), "as a subset: " + font.getName());
        }
        assertTrue(pdf.length < 400_000, "a subset, not the whole font: " + pdf.length + " bytes");
    }

    @Test
    void aCharacterTheFontLacksPrintsAsAQuestionMark() throws Exception {
        DailyReport r = new DailyReport(LocalDate.parse("2052-03-04"), ZONE, Instant.parse("2052-03-05T07:30:00Z"),
                List.of(new DailyReport.Row(1, "HL-1", Instant.parse("2052-03-04T01:00:00Z"), "COMPLAINT", null,
                        "噪音 \uD83D\uDE21", "line one\nline two\u0000", null, "OPEN")));
        String text;
        try (PDDocument doc = Loader.loadPDF(ReportPdf.render(r, ReportFont.load(null)))) {
            text = new PDFTextStripper().getText(doc);
        }
        assertTrue(text.contains("噪音 ?"), text);
        assertTrue(text.contains("line one line two"), text);
    }
}
