package com.evhotline.quality;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Makes the daily quality report: the day's tickets read, the PDF and CSV rendered off the event loop, kept
 * once per day together with its e-mail to the quality list (a second run or instance makes nothing), and the
 * mail sent at once.
 */
@ApplicationScoped
public class DailyReports {

    private static final Logger LOG = Logger.getLogger(DailyReports.class);

    private final ReportStore store;
    private final QualityMailWorker mailer;
    private final QualityConfig.Quality config;
    private final Clock clock;
    private final ZoneId zone;
    private final String fontPath;
    /** Read at the first report, off the event loop, so the service's start does not wait for it. */
    private volatile ReportFont font;

    public DailyReports(ReportStore store, QualityMailWorker mailer, QualityConfig config, Clock clock, ZoneId zone) {
        this.store = store;
        this.mailer = mailer;
        this.config = config.quality();
        this.clock = clock;
        this.zone = zone;
        this.fontPath = config.reportFont().filter(p -> !p.isBlank()).orElse(null);
        if (fontPath != null && !Files.isReadable(Path.of(fontPath))) {
            throw new IllegalArgumentException("hotline.report-font: cannot read " + fontPath
                    + "; give a TrueType font (.ttf or .ttc) with Chinese glyphs, or leave it unset for the bundled one");
        }
    }

    private ReportFont font() {
        ReportFont f = font;
        if (f == null) {
            f = ReportFont.load(fontPath);
            font = f;
        }
        return f;
    }

    /** When a day's report is due: the next day at the report time. */
    public ZonedDateTime dueAt(LocalDate day) {
        return day.plusDays(1).atTime(config.reportTime()).atZone(zone);
    }

    /** Whether a day's report is due by now. */
    public boolean isDue(LocalDate day) {
        return !clock.instant().isBefore(dueAt(day).toInstant());
    }

    /** Whether a day's report may be made now: its day is over. */
    public boolean isPast(LocalDate day) {
        return day.isBefore(clock.instant().atZone(zone).toLocalDate());
    }

    /** The days whose report is due now and not kept, oldest first (within the catch-up window). */
    public Uni<ReportDays.Due> missing() {
        ZonedDateTime now = clock.instant().atZone(zone);
        LocalDate latest = ReportDays.latestDue(now, config.reportTime());
        return store.madeFrom(ReportDays.windowStart(latest, config.catchUpDays()), latest)
                .map(made -> ReportDays.due(now, config.reportTime(), made, config.catchUpDays()));
    }

    /** Makes the reports due now, oldest first; answers the days made now. */
    public Uni<List<LocalDate>> makeDue() {
        return missing().chain(due -> {
            if (due.skippedFrom() != null) {
                LOG.warnf("The quality reports of %s to %s were missed (a downtime longer than %d days): make them with"
                        + " POST /api/reports/daily/{date}", due.skippedFrom(), due.skippedTo(), config.catchUpDays());
            }
            Uni<List<LocalDate>> made = Uni.createFrom().item(new ArrayList<>());
            for (LocalDate day : due.make()) {
                // a day that fails is logged and stays due, so the next tick tries it again; the days after it are
                // still made
                made = made.chain(list -> make(day, "schedule")
                        .onFailure().invoke(e -> LOG.errorf(e, "The quality report of %s could not be made", day))
                        .onFailure().recoverWithItem(false)
                        .map(madeNow -> {
                            if (madeNow) {
                                list.add(day);
                            }
                            return list;
                        }));
            }
            return made;
        });
    }

    /** Makes a day's report unless it exists; answers whether it was made now. */
    public Uni<Boolean> make(LocalDate day, String by) {
        Instant at = clock.instant();
        return store.exists(day).chain(exists -> exists ? Uni.createFrom().item(false)
                : store.rows(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant())
                        .map(rows -> new DailyReport(day, zone, at, rows))
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(this::render)
                        .chain(r -> store.insert(r.report(), by, r.pdf(), r.csv(), config.addresses(), subject(r.report()),
                                body(r.report()))))
                .invoke(made -> {
                    if (made) {
                        LOG.infof("The quality report of %s was made (%s)", day, by);
                        mailer.wake();
                    }
                });
    }

    private Rendered render(DailyReport report) {
        try {
            return new Rendered(report, ReportPdf.render(report, font()), ReportCsv.write(report));
        } catch (IOException e) {
            throw new UncheckedIOException("the quality report of " + report.day() + " could not be rendered", e);
        }
    }

    /** A report with its PDF and CSV. */
    private record Rendered(DailyReport report, byte[] pdf, String csv) {
    }

    static String subject(DailyReport r) {
        return ReportWords.TITLE + " " + r.day() + "（共 " + r.rows().size() + " 条）";
    }

    static String body(DailyReport r) {
        StringBuilder b = new StringBuilder(ReportWords.TITLE).append(' ').append(r.day()).append("\n\n")
                .append(ReportWords.SUMMARY).append('\n');
        for (Map.Entry<String, Long> e : r.countByCategory().entrySet()) {
            b.append("  ").append(ReportWords.category(e.getKey())).append(": ").append(e.getValue()).append('\n');
        }
        b.append("  ").append(ReportWords.TOTAL).append(": ").append(r.rows().size()).append("\n\n")
                .append("明细见附件 PDF 与 CSV。\n");
        return b.toString();
    }
}
