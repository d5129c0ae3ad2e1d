package com.evhotline.quality;

import com.evhotline.notification.NotificationService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The quality department must have each day's report before 16:00 of the next. From the tell-by time on, a day of
 * the catch-up window whose report is not made, and yesterday's report not mailed to every address or with nobody
 * to mail it to, are told to the supervisors, once per day and reason, so a dead mail server or a failing report
 * never passes 16:00 quietly.
 */
@ApplicationScoped
public class ReportWatch {

    private static final Logger LOG = Logger.getLogger(ReportWatch.class);

    private final DailyReports reports;
    private final ReportStore store;
    private final NotificationService notifications;
    private final Pool pool;
    private final Clock clock;
    private final ZoneId zone;
    private final LocalTime tellBy;
    /** The last yesterday found with every report of its window made and mailed: nothing is asked again for it. */
    private volatile LocalDate settled;

    public ReportWatch(DailyReports reports, ReportStore store, NotificationService notifications, Pool pool,
            QualityConfig config, Clock clock, ZoneId zone) {
        this.reports = reports;
        this.store = store;
        this.notifications = notifications;
        this.pool = pool;
        this.clock = clock;
        this.zone = zone;
        this.tellBy = config.quality().tellByTime();
    }

    /**
     * Tells the supervisors which reports are wrong, once the tell-by time has come; answers what is wrong with
     * each day, oldest first (nothing: all in order, or too early to tell).
     */
    public Uni<Map<LocalDate, String>> check() {
        ZonedDateTime now = clock.instant().atZone(zone);
        LocalDate yesterday = now.toLocalDate().minusDays(1);
        if (now.toLocalTime().isBefore(tellBy) || yesterday.equals(settled)) {
            return Uni.createFrom().item(Map.of());
        }
        // from the tell-by time (after the report time) yesterday is the latest day due: owed while it is not made
        return reports.missing()
                .chain(due -> store.list(yesterday, 1).map(kept -> late(due.make(), yesterday, kept)))
                .chain(late -> {
                    if (late.isEmpty()) {
                        settled = yesterday;
                        return Uni.createFrom().item(Map.<LocalDate, String>of());
                    }
                    Map<LocalDate, String> wrong = new TreeMap<>();
                    late.forEach(l -> wrong.put(l.day(), l.what()));
                    return pool.withTransaction(c -> tell(c, late, yesterday)).replaceWith(wrong);
                });
    }

    /** A day's report late: its mail's state ({@code none}: not made) and what is wrong, in words. */
    private record Late(LocalDate day, String state, String what) {
    }

    private static List<Late> late(List<LocalDate> missing, LocalDate yesterday, List<ReportStore.Kept> kept) {
        List<Late> late = new ArrayList<>();
        missing.forEach(day -> late.add(new Late(day, "none", "not made")));
        if (!kept.isEmpty()) {
            ReportStore.Mailing mail = kept.get(0).mail();
            String what = switch (mail.state()) {
                case "SENT" -> null;
                case "NONE" -> "made but mailed to nobody: HOTLINE_QUALITY_EMAILS is not set";
                case "FAILED" -> "could not be mailed (" + mail.lastError() + ")";
                default -> "not yet mailed, still trying" + (mail.lastError() == null ? "" : " (" + mail.lastError() + ")");
            };
            if (what != null) {
                late.add(new Late(yesterday, mail.state(), what));
            }
        }
        return late;
    }

    /** One message per day late; a day already told in the same state is not told again. */
    private Uni<Void> tell(SqlClient c, List<Late> late, LocalDate yesterday) {
        Uni<Void> told = Uni.createFrom().voidItem();
        for (Late l : late) {
            String subject = l.day().equals(yesterday)
                    ? "QUALITY REPORT of " + l.day() + " " + l.what() + " by " + tellBy
                            + " (due to the quality department before 16:00): see GET /api/reports/daily"
                    : "QUALITY REPORT of " + l.day() + " still " + l.what() + " (due to the quality department before"
                            + " 16:00 of " + l.day().plusDays(1) + "): make it with POST /api/reports/daily/" + l.day();
            told = told.chain(() -> notifications.tellSupervisors(c, "quality-report-late:" + l.day() + ":" + l.state(),
                    "DELIVERY_FAILED", subject, clock.instant()).invoke(n -> {
                        if (n > 0) {
                            LOG.warn(subject);
                        }
                    }).replaceWithVoid());
        }
        return told;
    }
}
