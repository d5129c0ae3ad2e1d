package com.evhotline.quality;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The daily report as a PDF: A4 landscape, a summary by category, then one table row per ticket; long cells wrap
 * inside their column, a row that does not fit starts the next page under the column heads again, and every page
 * is numbered. Text is set in the CJK font, embedded as a subset; a character the font lacks prints as '?'.
 */
final class ReportPdf {

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 36;
    private static final float FOOTER = 20;
    private static final float SIZE = 8;
    private static final float LEADING = 10.5f;
    private static final float PAD = 3;
    /** The detail columns' widths (points), as {@link ReportWords#COLUMNS}; they fill the page between the margins. */
    private static final float[] DETAIL = {26, 104, 44, 60, 112, 112, 176, 88, 48};
    private static final float[] SUMMARY = {110, 110, 110, 110, 110};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    /** The longest description a row shows; the CSV holds it whole. */
    static final int DESCRIPTION_SHOWN = 160;

    private ReportPdf() {
    }

    static byte[] render(DailyReport report, ReportFont fontFile) throws IOException {
        try (ReportFont.Opened opened = fontFile.open(); PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, opened.font(), true);
            Sheet sheet = new Sheet(doc, font);
            sheet.line(ReportWords.TITLE + "  " + report.day(), 16);
            sheet.line("日期 " + report.day() + "（" + report.zone().getId() + "）  生成于 "
                    + STAMP.format(report.generatedAt().atZone(report.zone())) + "  共 " + report.rows().size() + " 条",
                    9);
            sheet.gap(6);
            sheet.line(ReportWords.SUMMARY, 11);
            List<String> heads = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            report.countByCategory().forEach((category, n) -> {
                heads.add(ReportWords.category(category));
                counts.add(Long.toString(n));
            });
            heads.add(ReportWords.TOTAL);
            counts.add(Integer.toString(report.rows().size()));
            sheet.table(SUMMARY, heads, List.of(counts));
            sheet.gap(6);
            sheet.line(ReportWords.DETAILS, 11);
            if (report.rows().isEmpty()) {
                sheet.line(ReportWords.NONE, 9);
            } else {
                List<List<String>> rows = new ArrayList<>();
                int n = 0;
                for (DailyReport.Row r : report.rows()) {
                    rows.add(List.of(Integer.toString(++n), r.number(), TIME.format(r.receivedAt().atZone(report.zone())),
                            ReportWords.category(r.category()), orEmpty(r.vin()), orEmpty(r.fault()),
                            shortened(r.description()), orEmpty(r.stations()), ReportWords.status(r.status())));
                }
                sheet.table(DETAIL, ReportWords.COLUMNS, rows);
            }
            sheet.close();
            number(doc, font, report);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static String shortened(String description) {
        if (description == null) {
            return "";
        }
        String s = description.strip();
        return s.length() <= DESCRIPTION_SHOWN ? s : s.substring(0, DESCRIPTION_SHOWN - 1) + "…";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** "第 i 页 / 共 n 页" at the foot of every page, written once the number of pages is known. */
    private static void number(PDDocument doc, PDType0Font font, DailyReport report) throws IOException {
        int pages = doc.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            try (PDPageContentStream cs = new PDPageContentStream(doc, doc.getPage(i), AppendMode.APPEND, true, true)) {
                cs.beginText();
                cs.setFont(font, SIZE);
                cs.newLineAtOffset(MARGIN, MARGIN - 12);
                cs.showText(ReportWords.TITLE + " " + report.day() + "    第 " + (i + 1) + " 页 / 共 " + pages + " 页");
                cs.endText();
            }
        }
    }

    /** Writes down the pages, starting a new one when the next line or row would not fit. */
    private static final class Sheet {

        private final PDDocument doc;
        private final PDType0Font font;
        private final Map<Integer, Float> widths = new HashMap<>();
        private PDPageContentStream cs;
        private float y;

        Sheet(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PAGE.getHeight() - MARGIN;
        }

        void close() throws IOException {
            if (cs != null) {
                cs.close();
                cs = null;
            }
        }

        private float bottom() {
            return MARGIN + FOOTER;
        }

        void gap(float points) {
            y -= points;
        }

        void line(String text, float size) throws IOException {
            if (y - size * 1.5f < bottom()) {
                newPage();
            }
            write(MARGIN, y - size, safe(text), size);
            y -= size * 1.5f;
        }

        /** A table; its head is drawn again at the top of each page it continues on. */
        void table(float[] cols, List<String> head, List<List<String>> rows) throws IOException {
            row(cols, head, true);
            for (List<String> r : rows) {
                List<List<String>> cells = wrapped(cols, r);
                if (y - height(cells) < bottom()) {
                    newPage();
                    row(cols, head, true);
                }
                draw(cols, cells, false);
            }
        }

        private void row(float[] cols, List<String> cells, boolean head) throws IOException {
            List<List<String>> wrapped = wrapped(cols, cells);
            if (y - height(wrapped) < bottom()) {
                newPage();
            }
            draw(cols, wrapped, head);
        }

        private List<List<String>> wrapped(float[] cols, List<String> cells) throws IOException {
            List<List<String>> out = new ArrayList<>();
            for (int i = 0; i < cols.length; i++) {
                out.add(wrap(safe(i < cells.size() ? cells.get(i) : ""), cols[i] - 2 * PAD));
            }
            return out;
        }

        private static float height(List<List<String>> cells) {
            int lines = cells.stream().mapToInt(List::size).max().orElse(1);
            return Math.max(1, lines) * LEADING + 2 * PAD;
        }

        private void draw(float[] cols, List<List<String>> cells, boolean head) throws IOException {
            float h = height(cells);
            float width = 0;
            for (float c : cols) {
                width += c;
            }
            if (head) {
                cs.setNonStrokingColor(0.90f, 0.93f, 0.95f);
                cs.addRect(MARGIN, y - h, width, h);
                cs.fill();
                cs.setNonStrokingColor(0f, 0f, 0f);
            }
            float x = MARGIN;
            for (int i = 0; i < cols.length; i++) {
                float ly = y - PAD - SIZE;
                for (String l : cells.get(i)) {
                    write(x + PAD, ly, l, SIZE);
                    ly -= LEADING;
                }
                x += cols[i];
            }
            cs.setStrokingColor(0.7f, 0.75f, 0.8f);
            cs.setLineWidth(0.5f);
            cs.moveTo(MARGIN, y - h);
            cs.lineTo(MARGIN + width, y - h);
            cs.stroke();
            y -= h;
        }

        private void write(float x, float baseline, String text, float size) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, baseline);
            cs.showText(text);
            cs.endText();
        }

        /** Lines that fit the width: broken between any two CJK characters, between words for Latin text. */
        private List<String> wrap(String text, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            float used = 0;
            int i = 0;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                float w = width(cp) * SIZE / 1000f;
                // closing punctuation hangs at the end of its line rather than opening the next one
                if (used + w > width && line.length() > 0 && HANGING.indexOf(cp) < 0) {
                    int space = line.lastIndexOf(" ");
                    String rest = "";
                    if (space > 0 && cp != ' ' && isLatin(line.charAt(line.length() - 1))) {
                        rest = line.substring(space + 1);
                        line.setLength(space);
                    }
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                    line.append(rest);
                    used = 0;
                    for (int k = 0; k < rest.length(); k = rest.offsetByCodePoints(k, 1)) {
                        used += width(rest.codePointAt(k)) * SIZE / 1000f;
                    }
                    if (cp == ' ') {
                        i += 1;
                        continue;
                    }
                }
                line.appendCodePoint(cp);
                used += w;
                i += Character.charCount(cp);
            }
            if (line.length() > 0 || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private static final String HANGING = "，。、；：！？）》」』,.;:!?)";

        private static boolean isLatin(char c) {
            return c < 0x2E80;
        }

        private float width(int cp) throws IOException {
            Float w = widths.get(cp);
            if (w == null) {
                w = font.getStringWidth(new String(Character.toChars(cp)));
                widths.put(cp, w);
            }
            return w;
        }

        /** The text with line breaks and tabs as spaces, and '?' for what the font cannot show. */
        private String safe(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                    out.append(' ');
                } else if (shows(cp)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('?');
                }
            });
            return out.toString();
        }

        private final Map<Integer, Boolean> shown = new HashMap<>();

        private boolean shows(int cp) {
            return shown.computeIfAbsent(cp, c -> {
                try {
                    font.encode(new String(Character.toChars(c)));
                    return font.getStringWidth(new String(Character.toChars(c))) >= 0;
                } catch (IOException | IllegalArgumentException e) {
                    return false;
                }
            });
        }
    }
}
