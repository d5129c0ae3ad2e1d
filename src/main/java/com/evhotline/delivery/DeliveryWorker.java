package com.evhotline.delivery;

import com.evhotline.calendar.CalendarService;
import com.evhotline.roster.RosterService;
import com.evhotline.db.TableChanges;
import com.evhotline.notification.NotificationService;
import com.evhotline.notification.Outbox;
import com.evhotline.notification.Outbox.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: plans new messages onto their channels, then wakes each channel's {@link DeliveryLane},
 * which hands its due messages to the SMS gateway, the mail server or the PBX and records each attempt. Woken at
 * once when any instance writes messages (the table's change notice), and every second for retries that fall
 * due. A message is held by one worker at a time for a lease; a worker that dies mid-send lets it go when the
 * lease ends, and it is sent again with the same id.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int PLAN_BATCH = 2000;
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stop waits for the messages being sent: a PBX's answer to a call, a gateway's to a text. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    /** A round's stage that takes longer than this is logged. */
    private static final Duration SLOW_STAGE = Duration.ofSeconds(3);

    private final Outbox outbox;
    private final NotificationService notifications;
    private final SmsGateway sms;
    private final MailChannel mail;
    private final VoiceCalls voice;
    /** Retries of a call's outcome that came while the call was still being placed: long enough for the PBX's answer. */
    private static final int OUTCOME_TRIES = 60;
    private static final Duration OUTCOME_WAIT = Duration.ofMillis(250);
    private final AckLinks links;
    private final CalendarService calendar;
    private final DeliveryConfig.Notify notify;
    private final String publicUrl;
    private final Clock clock;
    private final RosterService roster;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Set when the service stops: no new round starts, and a round cut short by the closing pool is not an error. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    private ChannelPlan plan;
    /** One per channel configured: each sends its own messages, so a slow one holds up no other. */
    private List<DeliveryLane> lanes = List.of();

    public DeliveryWorker(Outbox outbox, NotificationService notifications, SmsGateway sms, MailChannel mail, VoiceCalls voice, AckLinks links,
            CalendarService calendar, DeliveryConfig config, Clock clock, RosterService roster) {
        this.roster = roster;
        this.outbox = outbox;
        this.notifications = notifications;
        this.sms = sms;
        this.mail = mail;
        this.voice = voice;
        this.links = links;
        this.calendar = calendar;
        this.notify = config.notifications();
        this.publicUrl = config.publicUrl().replaceAll("/+$", "");
        this.clock = clock;
    }

    void start(@Observes StartupEvent start, TableChanges changes) {
        List<String> on = new ArrayList<>();
        if (sms.configured()) {
            on.add("SMS");
        }
        if (mail.configured()) {
            on.add("EMAIL");
        }
        if (voice.configured()) {
            on.add("VOICE");
        }
        lanes = on.stream().map(channel -> new DeliveryLane(channel, notify.concurrency(), outbox::claim, clock, notify.lease(),
                this::deliver, stopping::get)).toList();
        plan = new ChannelPlan(notify.officeHours(), notify.afterHours(), Set.copyOf(on));
        LOG.infof("messages go to the web inbox%s%s", on.isEmpty() ? "" : " and by ",
                on.isEmpty() ? " only (no SMS gateway, mail sender or PBX link configured)" : String.join(", ", on));
        changes.follow("notification", this::wake);
    }

    /**
     * No claim starts after this; the messages already claimed are sent and recorded before the service goes on
     * stopping (at most {@link #STOP_WAIT}), so none is sent again after its lease for want of its record.
     */
    void stop(@Observes ShutdownEvent stop) {
        stopping.set(true);
        long until = System.nanoTime() + STOP_WAIT.toNanos();
        for (DeliveryLane lane : lanes) {
            try {
                lane.drained().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException slow) {
                LOG.warnf("%d message(s) by %s were still being sent when the service stopped: they are sent again"
                        + " once their lease ends", lane.inFlight(), lane.channel());
            } catch (ExecutionException e) {
                LOG.debugf("sending by %s ended with %s", lane.channel(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return run();
    }
    /** Runs a round now, or right after the one running (never two at once in this instance). */
    void wake() {
        run().subscribe().with(x -> { }, e -> LOG.error("delivering messages failed", e));
    }

    /**
     * Asks for a round; the instance's one runner keeps going while rounds are asked for. A request made while
     * a round runs is seen when it ends, so no change notice goes unanswered.
     */
    Uni<Void> run() {
        if (plan == null || stopping.get()) {
            return Uni.createFrom().voidItem();
        }
        again.set(true);
        return running.compareAndSet(false, true) ? rounds() : Uni.createFrom().voidItem();
    }

    private Uni<Void> rounds() {
        if (!again.getAndSet(false)) {
            running.set(false);
            // asked for between the check above and letting go: take it up unless another runner did
            return again.get() && running.compareAndSet(false, true) ? rounds() : Uni.createFrom().voidItem();
        }
        // each stage on its own: one that fails (a database hiccup) holds up neither the others nor the next round
        // the senders are woken as soon as the new messages are planned: the sweeps after it cannot hold them up
        return stage("planning messages", this::planAll)
                .chain(() -> stage("waking the senders", this::wakeLanes))
                .chain(() -> stage("voice calls nobody reported on", this::silentCalls))
                .chain(() -> stage("telling of failed messages", this::raiseFailures))
                .chain(() -> stopping.get() ? Uni.createFrom().voidItem() : rounds());
    }

    private Uni<Void> wakeLanes() {
        lanes.forEach(DeliveryLane::wake);
        return Uni.createFrom().voidItem();
    }

    /** A stage that fails is logged and the round goes on; one that takes long is logged, so a stall is seen. */
    private Uni<Void> stage(String what, java.util.function.Supplier<Uni<? extends Void>> work) {
        if (stopping.get()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>deferred(() -> {
                    long begun = System.nanoTime();
                    return Uni.createFrom().<Void>deferred(work).onTermination().invoke(() -> {
                        long millis = (System.nanoTime() - begun) / 1_000_000;
                        if (millis >= SLOW_STAGE.toMillis()) {
                            LOG.warnf("%s took %d ms: the messages it holds up waited as long", what, millis);
                        }
                    });
                })
                .onFailure().invoke(e -> {
                    if (stopping.get()) {
                        LOG.debugf("%s cut short by the stop: %s", what, e.getMessage());
                    } else {
                        LOG.errorf(e, "%s failed; trying again in a second", what);
                    }
                })
                .onFailure().recoverWithNull();
    }

    private Uni<Void> planAll() {
        Instant now = clock.instant();
        return notifications.planChannels(now, plan.pairs(calendar.current().isOfficeHours(now)), PLAN_BATCH, plan.available())
                .chain(planned -> planned >= PLAN_BATCH ? planAll() : Uni.createFrom().voidItem());
    }

    /** Calls placed whose outcome never came (a PBX restart, a lost link): unanswered, so tried again. */
    private Uni<Void> silentCalls() {
        return outbox.silentCalls(clock.instant(), notify.backoff(), notify.maxBackoff(), notify.attempts())
                .chain(n -> n > 0 ? raiseFailures() : Uni.createFrom().voidItem());
    }

    private Uni<Void> raiseFailures() {
        Instant now = clock.instant();
        // the supervisors on shift are told; after office hours nobody reads their inbox, so the person on duty too
        Long[] onShift = calendar.current().isOfficeHours(now) ? new Long[0]
                : roster.onDutyAt(now).stream().limit(1).map(RosterService.OnDuty::staffId).toArray(Long[]::new);
        return outbox.raiseFailures(now, onShift).invoke(n -> {
            if (n > 0) {
                LOG.errorf("%d message(s) could not be delivered: the supervisors are told", n);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> deliver(Message m) {
        return links.token(m.id(), m.createdAt()).map(token -> publicUrl + "/ack/" + token).chain(link -> {
            Uni<String> failure = switch (m.channel()) {
                case "SMS" -> sms.send(m.id(), m.address(), MessageText.sms(m, link))
                        .map(a -> a.accepted() ? null : a.detail());
                case "EMAIL" -> mail.send(m, link).ifNoItem().after(MAIL_TIMEOUT)
                        .recoverWithItem("the mail server did not answer within " + MAIL_TIMEOUT.toSeconds() + " s");
                case "VOICE" -> voice.call(m.id(), m.attempts(), m.address(), m.ticketNumber());
                default -> Uni.createFrom().item("no worker for channel " + m.channel());
            };
            return failure.chain(why -> record(m, why));
        });
    }

    private Uni<Void> record(Message m, String why) {
        Instant now = clock.instant();
        if (why == null) {
            return outbox.delivered(now, m, "SMS".equals(m.channel()) ? "ACCEPTED" : "SENT",
                    "VOICE".equals(m.channel()) ? "the PBX placed the call" : m.channel() + " taken");
        }
        // the first failure of a message is worth a line; its retries during an outage would flood the log
        LOG.logf(m.attempts() == 1 ? Logger.Level.WARN : Logger.Level.DEBUG, "message %d by %s to %s, attempt %d: %s",
                m.id(), m.channel(), m.address(), m.attempts(), why);
        return outbox.failed(now, m, why, now.plus(backoff(m.attempts())), notify.attempts())
                .chain(gaveUp -> gaveUp ? raiseFailures() : Uni.createFrom().voidItem());
    }

    /** The PBX says the call of that attempt at a message was answered. */
    public void voiceAnswered(long messageId, int attempt) {
        outcome(messageId, "answered", () -> outbox.voiceAnswered(clock.instant(), messageId, attempt));
    }

    /**
     * The PBX says the call of that attempt (null: whichever is out) rang out, or was answered without 1 being
     * pressed: tried again after the backoff, raised after the last attempt.
     */
    public void voiceUnanswered(long messageId, Integer attempt, String why) {
        outcome(messageId, why, () -> {
            return outbox.voiceUnanswered(clock.instant(), messageId, attempt, why, notify.backoff(), notify.maxBackoff(),
                            notify.attempts())
                    .call(o -> "FAILED".equals(o.state()) ? raiseFailures() : Uni.createFrom().voidItem());
        });
    }

    /**
     * A call's outcome can come before the Originate's own answer was recorded: it is recorded again after a
     * wait while the call is still being placed, at most {@code OUTCOME_TRIES} times in all.
     */
    private void outcome(long messageId, String what, java.util.function.Supplier<Uni<Outbox.Outcome>> record) {
        Uni.createFrom().<Outbox.Outcome>deferred(record::get)
                .repeat().withDelay(OUTCOME_WAIT).whilst(o -> o.state() == null && o.inFlight())
                .select().first(OUTCOME_TRIES)
                .collect().last()
                .subscribe().with(o -> {
                    if (o.state() != null) {
                        LOG.infof("voice call of message %d: %s", messageId, what);
                    } else if (o.inFlight()) {
                        LOG.warnf("voice call of message %d: %s, but the call is still being placed; the sweep for"
                                + " calls without an answer takes it up", messageId, what);
                    }
                }, e -> LOG.errorf(e, "the outcome of the voice call of message %d (%s) could not be recorded",
                        messageId, what));
    }

    /** The wait after the {@code attempts}-th failure: the base, doubled each time, capped. */
    Duration backoff(int attempts) {
        Duration d = notify.backoff();
        for (int i = 1; i < attempts && d.compareTo(notify.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(notify.maxBackoff()) > 0 ? notify.maxBackoff() : d;
    }
}
