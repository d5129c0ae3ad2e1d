package com.evhotline.quality;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/** The daily reports kept, and what a day's report is read from (tickets, their notices and stations). */
@ApplicationScoped
public class ReportStore {

    /** A report kept, with what became of its e-mail. */
    public record Kept(LocalDate date, Instant generatedAt, String generatedBy, int rows, Mailing mail) {
    }

    /**
     * The report's e-mail over all its addresses: {@code NONE} (no list configured when it was made), {@code
     * QUEUED} (some still being tried), {@code FAILED} (some failed for good; the supervisors were told), {@code
     * SENT} (all); the most attempts any address took, the last error, and when the last copy went.
     */
    public record Mailing(String state, int attempts, String lastError, Instant mailedAt) {
    }

    /** The day's tickets in the quality categories: $1 start, $2 end of the day, $3 the categories. */
    static final String ROWS = """
            SELECT t.id, t.number, t.received_at, t.category, t.vin, t.fault, t.description, t.status,
                   (SELECT string_agg(DISTINCT coalesce(st.name, sf.name), '、')
                      FROM dispatch_notice dn
                      LEFT JOIN station st ON st.id = dn.station_id
                      LEFT JOIN staff sf ON sf.id = dn.staff_id
                     WHERE dn.ticket_id = t.id) AS stations
              FROM ticket t
             WHERE t.received_at >= $1 AND t.received_at < $2 AND t.category = ANY($3::text[])
             ORDER BY t.received_at, t.id""";

    /**
     * The report, once per day, with one e-mail per address of the quality list: a day made before (another run, or
     * another instance) makes neither. $1 the day, $2 the instant, $3 by whom, $4 rows, $5 the PDF, $6 the CSV, $7
     * the addresses, $8 the subject, $9 the body. Answers whether it was made now.
     */
    static final String INSERT = """
            WITH r AS (
                INSERT INTO daily_quality_report (report_date, generated_at, generated_by, row_count, pdf, csv)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (report_date) DO NOTHING
                RETURNING report_date),
            m AS (
                INSERT INTO quality_mail (source, address, report_date, subject, body, state, next_attempt_at, created_at)
                SELECT 'report:' || r.report_date, a.address, r.report_date, $8, $9, 'QUEUED', $2, $2
                  FROM r CROSS JOIN unnest($7::text[]) AS a(address)
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM r) AS made, (SELECT count(*) FROM m) AS mails""";

    /** The days kept from $1 to $2, and the last one kept before $1. */
    static final String MADE = """
            SELECT report_date FROM daily_quality_report WHERE report_date BETWEEN $1 AND $2
            UNION ALL
            (SELECT report_date FROM daily_quality_report WHERE report_date < $1 ORDER BY report_date DESC LIMIT 1)""";

    static final String LIST = """
            SELECT r.report_date, r.generated_at, r.generated_by, r.row_count,
                   count(m.id) AS mails, count(m.id) FILTER (WHERE m.state = 'QUEUED') AS queued,
                   count(m.id) FILTER (WHERE m.state = 'FAILED') AS failed, coalesce(max(m.attempts), 0) AS attempts,
                   (array_agg(m.last_error ORDER BY m.id DESC) FILTER (WHERE m.last_error IS NOT NULL))[1] AS last_error,
                   max(m.sent_at) AS mailed_at
              FROM daily_quality_report r
              LEFT JOIN quality_mail m ON m.report_date = r.report_date
             WHERE ($1::date IS NULL OR r.report_date = $1)
             GROUP BY r.report_date
             ORDER BY r.report_date DESC
             LIMIT $2""";

    private final Pool pool;

    public ReportStore(Pool pool) {
        this.pool = pool;
    }

    Uni<List<DailyReport.Row>> rows(Instant start, Instant end) {
        return pool.preparedQuery(ROWS).execute(Tuple.of(utc(start), utc(end),
                DailyReport.CATEGORIES.toArray(String[]::new))).map(rows -> {
                    List<DailyReport.Row> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DailyReport.Row(r.getLong("id"), r.getString("number"),
                                r.getOffsetDateTime("received_at").toInstant(), r.getString("category"),
                                r.getString("vin"), r.getString("fault"), r.getString("description"),
                                r.getString("stations"), r.getString("status")));
                    }
                    return out;
                });
    }

    Uni<Boolean> exists(LocalDate day) {
        return pool.preparedQuery("SELECT 1 FROM daily_quality_report WHERE report_date = $1").execute(Tuple.of(day))
                .map(rows -> rows.size() > 0);
    }

    /** The days made from {@code from} to {@code to}, and the last one made before {@code from}. */
    Uni<NavigableSet<LocalDate>> madeFrom(LocalDate from, LocalDate to) {
        return pool.preparedQuery(MADE).execute(Tuple.of(from, to)).map(rows -> {
            NavigableSet<LocalDate> out = new TreeSet<>();
            for (Row r : rows) {
                out.add(r.getLocalDate(0));
            }
            return out;
        });
    }

    /** Keeps the report and queues its e-mail; answers false when the day was made before. */
    Uni<Boolean> insert(DailyReport report, String by, byte[] pdf, String csv, List<String> addresses, String subject,
            String body) {
        return pool.preparedQuery(INSERT).execute(Tuple.from(List.of(report.day(), utc(report.generatedAt()), by,
                        report.rows().size(), io.vertx.core.buffer.Buffer.buffer(pdf), csv,
                        addresses.toArray(String[]::new), subject, body)))
                .map(rows -> rows.iterator().next().getLong("made") > 0);
    }

    /** The reports kept, newest first ({@code day} given: that one only). */
    public Uni<List<Kept>> list(LocalDate day, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(day, limit)).map(rows -> {
            List<Kept> out = new ArrayList<>();
            for (Row r : rows) {
                long mails = r.getLong("mails");
                String state = mails == 0 ? "NONE" : r.getLong("failed") > 0 ? "FAILED"
                        : r.getLong("queued") > 0 ? "QUEUED" : "SENT";
                OffsetDateTime mailed = r.getOffsetDateTime("mailed_at");
                out.add(new Kept(r.getLocalDate("report_date"), r.getOffsetDateTime("generated_at").toInstant(),
                        r.getString("generated_by"), r.getInteger("row_count"), new Mailing(state,
                                r.getInteger("attempts"), r.getString("last_error"),
                                "SENT".equals(state) && mailed != null ? mailed.toInstant() : null)));
            }
            return out;
        });
    }

    /** The PDF of a day kept, or null. */
    public Uni<byte[]> pdf(LocalDate day) {
        return pool.preparedQuery("SELECT pdf FROM daily_quality_report WHERE report_date = $1").execute(Tuple.of(day))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    /** The CSV of a day kept, or null. */
    public Uni<String> csv(LocalDate day) {
        return pool.preparedQuery("SELECT csv FROM daily_quality_report WHERE report_date = $1").execute(Tuple.of(day))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
