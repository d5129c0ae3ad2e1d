package com.evhotline.quality;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The daily report as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the Chinese): the
 * heads of the PDF's table, one row per ticket with its whole description, received times ISO-8601 with offset.
 */
final class ReportCsv {

    /** The byte-order mark the text starts with. */
    static final String BOM = "\uFEFF";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private ReportCsv() {
    }

    static String write(DailyReport report) {
        StringWriter out = new StringWriter();
        out.write(BOM);
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            csv.printRecord(ReportWords.COLUMNS);
            int n = 0;
            for (DailyReport.Row r : report.rows()) {
                csv.printRecord(++n, r.number(), TIME.format(r.receivedAt().atZone(report.zone())),
                        ReportWords.category(r.category()), r.vin(), r.fault(), r.description(), r.stations(),
                        ReportWords.status(r.status()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
