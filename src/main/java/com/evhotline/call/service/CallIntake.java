package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.call.CallOnTicket;
import com.evhotline.call.service.CallTicketService.Intake;
import com.evhotline.call.service.CallTicketService.Placed;
import com.evhotline.common.GroupCommit;
import com.evhotline.common.HotlineConfig;
import com.evhotline.common.StartupLoads;
import com.evhotline.roster.RosterService;
import com.evhotline.routing.Routing;
import com.evhotline.ticket.service.TicketNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.core.Vertx;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What the routing script does for a call, all from memory, so that the PBX has its answer in
 * milliseconds whatever the database is doing: decides from the calendar and roster, names the ticket
 * (the caller's open one, from {@link OpenTickets}, or a new one from the numbers in reserve), forces
 * the call to the journal, answers, and has the database put the call on its ticket right behind the
 * answer. Calls arriving together are written together (group commit: the calls that come in while one
 * batch is being written go into the next, one transaction for all of them). A call the database does
 * not take stays in the journal and is retried until it does, across restarts: none is lost.
 */
@ApplicationScoped
public class CallIntake {

    private static final Logger LOG = Logger.getLogger(CallIntake.class);
    private static final Duration RETRY_FIRST = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    private static final Duration STOP_DRAIN = Duration.ofSeconds(5);
    /** The most a batch of calls may take before its callers retry on their own (the transaction's own limit is less). */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(15);

    /** The script's answer to the PBX. */
    public record Answer(Routing routing, String ticketNumber) {
    }

    private final CalendarService calendar;
    private final RosterService roster;
    private final TicketNumbers numbers;
    private final CallTicketService tickets;
    private final OpenTickets open;
    private final Vertx vertx;
    private final IntakeJournal journal;
    private final Clock clock;
    private final ZoneId zone;
    private final String queue;
    private final Duration numberWait;
    /** Calls answered and not yet on their ticket, with when (System.nanoTime) they were answered. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** Set by a stop: done once no call is left to write. */
    private volatile CompletableFuture<Void> drained;
    private final GroupCommit<Intake, Placed> placing;
    private final Counter corrected;
    private final Timer untilOnTicket;
    private final jakarta.enterprise.event.Event<CallOnTicket> onTicket;
    private final java.util.concurrent.atomic.AtomicLong notJournalled = new java.util.concurrent.atomic.AtomicLong();

    public CallIntake(CalendarService calendar, RosterService roster, TicketNumbers numbers, CallTicketService tickets,
            OpenTickets open, Vertx vertx, ObjectMapper json, HotlineConfig config, Clock clock, ZoneId zone,
            MeterRegistry meters, com.evhotline.call.IntakeConfig intake,
            com.evhotline.routing.RoutingConfig routingConfig, jakarta.enterprise.event.Event<CallOnTicket> onTicket) {
        this.onTicket = onTicket;
        this.calendar = calendar;
        this.roster = roster;
        this.numbers = numbers;
        this.tickets = tickets;
        this.open = open;
        this.vertx = vertx;
        this.journal = new IntakeJournal(Path.of(config.dataDir(), "intake-journal"), json);
        this.clock = clock;
        this.zone = zone;
        this.queue = routingConfig.queue();
        this.numberWait = intake.ticketWait().dividedBy(2); // the journal may take up to half a second more
        this.placing = new GroupCommit<>(intake.ticketBatch(), intake.ticketBatchesInFlight(), BATCH_TIMEOUT,
                CallIntake::permanent, tickets::placeAll, intake.ticketLinger(),
                (ms, task) -> vertx.setTimer(ms, id -> task.run()), System::nanoTime);
        meters.gaugeMapSize("hotline_calls_awaiting_database", java.util.List.of(), pending);
        this.corrected = Counter.builder("hotline.agi.ticket.corrected")
                .description("Calls the database put on another ticket than the one the PBX was told (memory was"
                        + " out of date; the number told is on the call's record)")
                .register(meters);
        this.untilOnTicket = Timer.builder("hotline.agi.ticket.written")
                .description("From the script's answer until the call is on its ticket in the database")
                .publishPercentileHistogram().register(meters);
    }

    /** After the open tickets are read (a start load) and before the FastAGI server and the AMI link start. */
    void replayJournal(@Observes @jakarta.annotation.Priority(StartupLoads.AFTER_LOADS - 100) StartupEvent start) {
        var left = journal.pending();
        if (!left.isEmpty()) {
            LOG.warnf("%d call(s) answered before the last stop are not yet on a ticket: writing them now", left.size());
        }
        left.forEach(in -> pending.put(in.linkedId(), System.nanoTime()));
        // the calls that open a ticket first, so that their callers' other calls are written after them
        List<Intake> opening = left.stream().filter(in -> in.promisedNumber() != null
                && in.promisedNumber().equals(in.givenNumber())).toList();
        java.util.Set<String> opens = new java.util.HashSet<>();
        opening.forEach(in -> opens.add(in.linkedId()));
        opening.forEach(in -> {
            String caller = tickets.callerNumber(in.callerRaw());
            OpenTickets.Promise on = caller == null ? null : open.promise(caller, in.promisedNumber(), in.at());
            place(in, on != null && on.opens() ? on : null, false);
        });
        left.stream().filter(in -> !opens.contains(in.linkedId())).forEach(in -> {
            String caller = tickets.callerNumber(in.callerRaw());
            place(in, caller == null ? null : open.joining(caller, in.at()), false);
        });
    }

    /** Answers the routing script for one call; blocks the calling (PBX library) thread only to journal it. */
    public Answer take(String linkedId, String callerRaw) {
        Instant at = clock.instant();
        Routing routing = Routing.decide(at, calendar.current(), roster.onDutyAt(at), queue);
        String caller = tickets.callerNumber(callerRaw);
        // withheld numbers never merge; the others join their caller's open ticket or promise a new one
        OpenTickets.Promise on = caller == null ? null : open.joining(caller, at);
        String promised = null;
        if (on == null) {
            LocalDate day = at.atZone(zone).toLocalDate();
            promised = numbers.next(day, numberWait);
            if (promised == null) {
                promised = TicketNumbers.fallback(day, linkedId, at);
                LOG.errorf("no ticket number in reserve (database unreachable for long): call %s gets %s", linkedId,
                        promised);
            }
            on = caller == null ? null : open.promise(caller, promised, at);
            if (on != null && !on.opens()) {
                promised = null; // a call of the same caller promised a ticket first: this one joins it
            }
        }
        Intake in = new Intake(linkedId, callerRaw, at, routing.route().name(), routing.queue(), promised,
                on == null ? promised : on.number(), "AGI", at);
        pending.put(linkedId, System.nanoTime());
        journalled(in);
        place(in, on, true);
        return new Answer(routing, in.givenNumber());
    }

    /**
     * Has the database put the call on its ticket: in the next batch ({@code batched}) or alone, and after
     * a failure the database may get over (it is down, a lost connection) alone again and again with a
     * growing wait (Mutiny's backoff), until it can be done or never can. A call joining a ticket promised
     * by a call not yet written waits for that one, so that the database finds the ticket open rather than
     * opening another; a call that opens one says when it is written (or can never be).
     */
    private void place(Intake in, OpenTickets.Promise on, boolean batched) {
        if (on != null && !on.opens() && on.written() != null && !on.written().isDone()) {
            on.written().whenComplete((v, e) -> place(in, null, batched));
            return;
        }
        AtomicBoolean inBatch = new AtomicBoolean(batched);
        Uni.createFrom().deferred(() -> inBatch.getAndSet(false)
                        ? Uni.createFrom().completionStage(placing.submit(in)) : tickets.place(in))
                .onFailure(f -> !permanent(f)).invoke(f -> LOG.warnf("call %s not yet on a ticket (%s); it is in the"
                        + " journal and tried again, at most %d s apart", in.linkedId(), f.getMessage(),
                        RETRY_MAX.toSeconds()))
                .onFailure(f -> !permanent(f)).retry().withBackOff(RETRY_FIRST, RETRY_MAX).indefinitely()
                .subscribe().with(placed -> {
                    written(in, placed);
                    opened(on);
                }, failure -> {
                    if (permanent(failure)) {
                        settled(in.linkedId()); // the AMI side and the CDRs may still place it; the journal keeps it
                        LOG.errorf(failure, "call %s can never be written as journalled (%s); its journal entry is kept"
                                + " in intake-journal", in.linkedId(), failure.getMessage());
                    } else { // no retry could be scheduled: the service is stopping
                        LOG.warnf("call %s not yet on a ticket as the service stops; its journal entry is written at"
                                + " the next start", in.linkedId());
                    }
                    opened(on);
                });
    }

    /** The call that opens a promised ticket is written, or never can be: the calls joining it go on. */
    private static void opened(OpenTickets.Promise on) {
        if (on != null && on.opens()) {
            on.written().complete(null);
        }
    }

    /** Whether the routing script has this call and its ticket is still being written (the AMI side then waits). */
    public boolean awaitingDatabase(String linkedId) {
        return pending.containsKey(linkedId);
    }

    public int awaitingDatabase() {
        return pending.size();
    }

    /** How long a call may wait for the database before health says so (group {@code pbx} DOWN) and the log names it. */
    public static final Duration SLOW = Duration.ofSeconds(5);

    /** Calls answered longer ago than {@code wait} and still not on their ticket (a database slow or down). */
    public long awaitingDatabaseLongerThan(Duration wait) {
        long before = System.nanoTime() - wait.toNanos();
        return pending.values().stream().filter(t -> t - before < 0).count();
    }

    /** Forces the call to the journal; when that fails the call is answered all the same, held in memory. */
    private void journalled(Intake in) {
        try {
            journal.write(in);
        } catch (IOException | RuntimeException e) {
            notJournalled.incrementAndGet();
            LOG.errorf(e, "call %s could not be journalled; it is held in memory until the database takes it",
                    in.linkedId());
        }
    }

    /** Calls answered since the start that the journal could not take (a disk full or failing). */
    public long notJournalled() {
        return notJournalled.get();
    }

    /**
     * A stop lets the calls still being written reach their tickets, for at most {@link #STOP_DRAIN}; those left
     * stay in the journal for the next start. Then the journal is closed with its D lines, so that the next start
     * does not write those calls again.
     */
    void stop(@Observes io.quarkus.runtime.ShutdownEvent stop) {
        CompletableFuture<Void> empty = new CompletableFuture<>();
        drained = empty;
        if (pending.isEmpty()) {
            empty.complete(null);
        }
        int left = pending.size();
        try {
            empty.get(STOP_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            if (left > 0) {
                LOG.infof("%d call(s) in flight at the stop are on their tickets", left);
            }
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warnf("%d call(s) not yet on a ticket at the stop stay in the journal for the next start", pending.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    /** Forgets a call that needs no more writing, and tells a stop waiting for the last one. */
    private Long settled(String linkedId) {
        Long answeredAt = pending.remove(linkedId);
        CompletableFuture<Void> waiting = drained;
        if (waiting != null && pending.isEmpty()) {
            waiting.complete(null);
        }
        return answeredAt;
    }

    /** A refusal by the database's rules (SQLSTATE class 22 data, 23 integrity): retrying cannot help. */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private void written(Intake in, Placed placed) {
        journal.delete(in.linkedId()); // appended by the journal's thread
        Long answeredAt = settled(in.linkedId());
        if (in.givenNumber() != null && !in.givenNumber().equals(placed.number())) {
            corrected.increment();
            LOG.warnf("call %s: the PBX was told ticket %s, the database put the call on %s (the number told is in"
                    + " the ticket's CALL history)", in.linkedId(), in.givenNumber(), placed.number());
            String caller = tickets.callerNumber(in.callerRaw());
            if (caller != null) {
                open.corrected(caller, in.givenNumber());
            }
        }
        if (placed.callId() != null && placed.ticketId() != null) {
            try {
                onTicket.fire(new CallOnTicket(placed.callId(), placed.ticketId(), placed.number(), in.route(), in.at()));
            } catch (RuntimeException e) { // what a page shows must never hold up the calls
                LOG.warnf(e, "call %s is on its ticket, but telling the pages failed", in.linkedId());
            }
        }
        long took = answeredAt == null ? 0 : System.nanoTime() - answeredAt;
        untilOnTicket.record(took, TimeUnit.NANOSECONDS);
        // each call that waited as long as health calls the database slow, at INFO; shorter waits (a burst) at DEBUG
        if (took > SLOW.toNanos() || LOG.isDebugEnabled()) {
            LOG.logf(took > SLOW.toNanos() ? Logger.Level.INFO : Logger.Level.DEBUG,
                    "call %s is on its ticket %s now, %d ms after its answer", in.linkedId(), placed.number(),
                    TimeUnit.NANOSECONDS.toMillis(took));
        }
    }
}
