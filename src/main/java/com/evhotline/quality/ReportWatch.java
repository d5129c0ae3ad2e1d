package com.evhotline.quality;

import com.evhotline.notification.NotificationService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.jboss.logging.Logger;

/**
 * The quality department must have yesterday's report before 16:00. From the tell-by time on, a report not made,
 * not mailed to every address, or with nobody to mail it to is told to the supervisors, once per day and reason,
 * so a dead mail server or a failing report never passes 16:00 quietly.
 */
@ApplicationScoped
public class ReportWatch {

    private static final Logger LOG = Logger.getLogger(ReportWatch.class);

    private final ReportStore store;
    private final NotificationService notifications;
    private final Pool pool;
    private final Clock clock;
    private final ZoneId zone;
    private final LocalTime tellBy;
    /** The last day found in order: nothing is asked again for it. */
    private volatile LocalDate settled;

    public ReportWatch(ReportStore store, NotificationService notifications, Pool pool, QualityConfig config,
            Clock clock, ZoneId zone) {
        this.store = store;
        this.notifications = notifications;
        this.pool = pool;
        this.clock = clock;
        this.zone = zone;
        this.tellBy = config.quality().tellByTime();
    }

    /** Tells the supervisors what is wrong with yesterday's report, once the tell-by time has come; answers what. */
    public Uni<String> check() {
        ZonedDateTime now = clock.instant().atZone(zone);
        LocalDate day = now.toLocalDate().minusDays(1);
        if (now.toLocalTime().isBefore(tellBy) || day.equals(settled)) {
            return Uni.createFrom().nullItem();
        }
        return store.list(day, 1).chain(kept -> {
            String wrong = kept.isEmpty() ? "not made"
                    : switch (kept.get(0).mail().state()) {
                        case "SENT" -> null;
                        case "NONE" -> "made but mailed to nobody: HOTLINE_QUALITY_EMAILS is not set";
                        case "FAILED" -> "could not be mailed (" + kept.get(0).mail().lastError() + ")";
                        default -> "not yet mailed, still trying" + (kept.get(0).mail().lastError() == null ? ""
                                : " (" + kept.get(0).mail().lastError() + ")");
                    };
            if (wrong == null) {
                settled = day;
                return Uni.createFrom().nullItem();
            }
            String subject = "QUALITY REPORT of " + day + " " + wrong + " by " + tellBy
                    + " (due to the quality department before 16:00): see GET /api/reports/daily";
            String source = "quality-report-late:" + day + ":" + (kept.isEmpty() ? "none" : kept.get(0).mail().state());
            return pool.withTransaction(c -> notifications.tellSupervisors(c, source, "DELIVERY_FAILED", subject,
                    clock.instant())).map(told -> {
                        if (told > 0) {
                            LOG.warn(subject);
                        }
                        return wrong;
                    });
        });
    }
}
