package com.evhotline.quality;

import com.evhotline.delivery.MailChannel;
import io.quarkus.mailer.Mail;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends the quality department's mail: at once when a report or a batch problem queues some, and every ten
 * seconds for retries falling due. A failed send waits (doubling, capped) and is tried again; after its last try
 * the supervisors are told.
 */
@ApplicationScoped
public class QualityMailWorker {

    private static final Logger LOG = Logger.getLogger(QualityMailWorker.class);
    private static final int BATCH = 16;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final QualityMails mails;
    private final ReportStore reports;
    private final MailChannel mail;
    private final QualityConfig.Quality config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public QualityMailWorker(QualityMails mails, ReportStore reports, MailChannel mail, QualityConfig config,
            Clock clock) {
        this.mails = mails;
        this.reports = reports;
        this.mail = mail;
        this.config = config.quality();
        this.clock = clock;
        for (String a : this.config.addresses()) {
            if (!a.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException("hotline.quality.emails: '" + a + "' is not an e-mail address");
            }
        }
    }

    void start(@Observes StartupEvent start) {
        if (config.addresses().isEmpty()) {
            LOG.warn("No quality department addresses (HOTLINE_QUALITY_EMAILS): quality reports are kept, not mailed");
        } else if (!mail.configured()) {
            LOG.warn("No mail server (QUARKUS_MAILER_FROM, QUARKUS_MAILER_HOST): the quality department's mail fails"
                    + " and the supervisors are told");
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping.set(true);
    }

    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return run();
    }

    /** Sends what is due now (after a report or a batch problem queued mail). */
    public void wake() {
        run().subscribe().with(x -> { }, e -> LOG.error("sending the quality department's mail failed", e));
    }

    /** One runner per instance; a wake during a round makes another round after it. */
    Uni<Void> run() {
        if (stopping.get()) {
            return Uni.createFrom().voidItem();
        }
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return rounds();
    }

    private Uni<Void> rounds() {
        if (!again.getAndSet(false) || stopping.get()) {
            running.set(false);
            return again.get() && !stopping.get() && running.compareAndSet(false, true) ? rounds()
                    : Uni.createFrom().voidItem();
        }
        return sendDue()
                .chain(() -> mails.raiseFailures(clock.instant()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.errorf("%d quality e-mail(s) could not be sent: the supervisors are told", n);
                    }
                })
                .onFailure().invoke(e -> LOG.error("a round of the quality department's mail failed", e))
                .onFailure().recoverWithNull()
                .chain(this::rounds);
    }

    private Uni<Void> sendDue() {
        Instant now = clock.instant();
        return mails.claim(now, now.plus(LEASE), BATCH).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<Void>> sends = batch.stream().map(this::send).toList();
            return Uni.join().all(sends).andCollectFailures().replaceWithVoid()
                    .chain(() -> batch.size() >= BATCH ? sendDue() : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> send(QualityMails.Mail m) {
        Uni<String> failure = !mail.configured()
                ? Uni.createFrom().item("no mail server is set up (QUARKUS_MAILER_FROM, QUARKUS_MAILER_HOST)")
                : message(m).chain(mail::send).ifNoItem().after(TIMEOUT)
                        .recoverWithItem("the mail server did not answer within " + TIMEOUT.toSeconds() + " s");
        return failure.onFailure().recoverWithItem(e -> "the message could not be made: " + e.getMessage())
                .chain(why -> {
                    Instant now = clock.instant();
                    if (why == null) {
                        return mails.sent(now, m);
                    }
                    LOG.warnf("quality e-mail %d to %s, try %d: %s", m.id(), m.address(), m.attempts(), why);
                    return mails.failed(m, why, now.plus(backoff(m.attempts())), config.mailAttempts()).replaceWithVoid();
                });
    }

    private Uni<Mail> message(QualityMails.Mail m) {
        Mail out = Mail.withText(m.address(), m.subject(), m.body()).addHeader("X-Hotline-Quality-Mail",
                Long.toString(m.id()));
        if (m.reportDate() == null) {
            return Uni.createFrom().item(out);
        }
        String name = "quality-report-" + m.reportDate();
        return reports.pdf(m.reportDate()).chain(pdf -> reports.csv(m.reportDate()).map(csv -> out
                .addAttachment(name + ".pdf", pdf, "application/pdf")
                .addAttachment(name + ".csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8")));
    }

    /** The wait after the {@code attempts}-th failure: the base, doubled each time, capped. */
    Duration backoff(int attempts) {
        Duration d = config.mailBackoff();
        for (int i = 1; i < attempts && d.compareTo(config.mailMaxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.mailMaxBackoff()) > 0 ? config.mailMaxBackoff() : d;
    }
}
