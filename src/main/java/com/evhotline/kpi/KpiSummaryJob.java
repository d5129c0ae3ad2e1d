package com.evhotline.kpi;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.ZoneId;
import org.jboss.logging.Logger;

/**
 * Keeps the summary ready before anyone asks, every {@code hotline.kpi.refresh-every} in each instance: the days
 * just over, those expired, any day changed since it was summarised (which also clears the marks of changes to days
 * nobody asked for), and the days never summarised (all of them after the upgrade that brings the summary), newest
 * first, a few weeks a round. Requests summarise what they find outdated themselves; this only saves them the wait.
 */
@ApplicationScoped
class KpiSummaryJob {

    private static final Logger LOG = Logger.getLogger(KpiSummaryJob.class);
    /** Days summarised in one round at most; the rest wait for the next. */
    static final int PER_ROUND = 62;

    private final KpiSummary summary;
    private final KpiConfig config;
    private final Clock clock;
    private final ZoneId zone;

    KpiSummaryJob(KpiSummary summary, KpiConfig config, Clock clock, ZoneId zone) {
        this.summary = summary;
        this.config = config;
        this.clock = clock;
        this.zone = zone;
    }

    void start(@Observes StartupEvent start, Scheduler scheduler) {
        if (config.refreshEvery().equalsIgnoreCase("off")) {
            return;
        }
        scheduler.newJob("kpi-summary").setInterval(config.refreshEvery()).setDelayed("30s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> refresh())
                .schedule();
    }

    Uni<Void> refresh() {
        return summary.refresh(zone, clock.instant(), PER_ROUND)
                .invoke(n -> LOG.debugf("summarised %d day(s) of figures", n))
                .onFailure().invoke(e -> LOG.warnf("could not bring the figures' summary up to date: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
