package com.evhotline.quality;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes the daily quality reports on time: at start (a report missed while the service was down is made then)
 * and every minute after, whatever is due by the clock is made. Every instance may run it; each day is made once.
 */
@ApplicationScoped
public class DailyReportJob {

    private static final Logger LOG = Logger.getLogger(DailyReportJob.class);

    private final DailyReports reports;
    private final ReportWatch watch;
    private final boolean enabled;

    public DailyReportJob(DailyReports reports, ReportWatch watch, QualityConfig config) {
        this.reports = reports;
        this.watch = watch;
        this.enabled = config.quality().reportEnabled();
        if (!config.quality().tellByTime().isAfter(config.quality().reportTime())) {
            throw new IllegalArgumentException("hotline.quality.tell-by (" + config.quality().tellBy()
                    + ") must come after hotline.quality.report-at (" + config.quality().reportAt()
                    + "): it is when a report not made or not mailed by then is told to the supervisors");
        }
    }

    void atStart(@Observes StartupEvent start) {
        if (!enabled) {
            LOG.info("This instance makes no daily quality reports (hotline.quality.report-enabled=false)");
            return;
        }
        tick().subscribe().with(x -> { }, e -> { });
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return enabled ? tick().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /**
     * Makes what is due now and, from the tell-by time, tells the supervisors of a report late; answers the days
     * made. A failure is logged and tried again at the next tick.
     */
    public Uni<List<LocalDate>> tick() {
        return reports.makeDue()
                .onFailure().invoke(e -> LOG.error("Making the daily quality report failed; trying again in a minute", e))
                .onFailure().recoverWithItem(List.of())
                .call(made -> watch.check()
                        .onFailure().invoke(e -> LOG.error("Checking the daily quality report failed", e))
                        .onFailure().recoverWithNull());
    }
}
