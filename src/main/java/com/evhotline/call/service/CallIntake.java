package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.call.service.CallTicketService.Intake;
import com.evhotline.call.service.CallTicketService.Placed;
import com.evhotline.common.GroupCommit;
import com.evhotline.common.HotlineConfig;
import com.evhotline.roster.RosterService;
import com.evhotline.routing.Routing;
import com.evhotline.ticket.service.TicketNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.core.Vertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What the routing script does for a call: decides from memory (calendar and roster), promises a
 * ticket number from memory, and waits a bounded time for the database to put the call on its ticket.
 * Calls arriving together are written together (group commit: the calls that come in while one
 * batch is being written go into the next, one transaction for all of them).
 * When the database is slow or down the call goes to the journal first and is written as soon as
 * the database allows, so the PBX always has its answer within the second and no call is lost.
 */
@ApplicationScoped
public class CallIntake {

    private static final Logger LOG = Logger.getLogger(CallIntake.class);
    private static final long RETRY_FIRST_MS = 500;
    private static final long RETRY_MAX_MS = 30_000;
    /** The most a batch of calls may take before its callers retry on their own (the transaction's own limit is less). */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(15);

    /** The script's answer to the PBX. */
    public record Answer(Routing routing, String ticketNumber, boolean onTicket) {
    }

    private final CalendarService calendar;
    private final RosterService roster;
    private final TicketNumbers numbers;
    private final CallTicketService tickets;
    private final Vertx vertx;
    private final IntakeJournal journal;
    private final Clock clock;
    private final ZoneId zone;
    private final String queue;
    private final Duration ticketWait;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final GroupCommit<Intake, Placed> placing;

    public CallIntake(CalendarService calendar, RosterService roster, TicketNumbers numbers, CallTicketService tickets,
            Vertx vertx, ObjectMapper json, HotlineConfig config, Clock clock, ZoneId zone, MeterRegistry meters,
            com.evhotline.call.IntakeConfig intake) {
        this.calendar = calendar;
        this.roster = roster;
        this.numbers = numbers;
        this.tickets = tickets;
        this.vertx = vertx;
        this.journal = new IntakeJournal(Path.of(config.dataDir(), "intake-journal"), json);
        this.clock = clock;
        this.zone = zone;
        this.queue = intake.queue();
        this.ticketWait = intake.ticketWait();
        this.placing = new GroupCommit<>(intake.ticketBatch(), intake.ticketBatchesInFlight(), BATCH_TIMEOUT, CallIntake::permanent,
                tickets::placeAll);
        meters.gaugeCollectionSize("hotline_calls_awaiting_database", java.util.List.of(), pending);
    }

    void replayJournal(@Observes StartupEvent start) {
        var left = journal.pending();
        if (!left.isEmpty()) {
            LOG.warnf("%d call(s) answered before the last stop are not yet on a ticket: writing them now", left.size());
        }
        left.forEach(in -> {
            pending.add(in.linkedId());
            retry(in, 0);
        });
    }

    /** Answers the routing script for one call; blocks the calling (PBX library) thread for at most the ticket wait. */
    public Answer take(String linkedId, String callerRaw) {
        Instant at = clock.instant();
        Routing routing = Routing.decide(at, calendar.current(), roster.onDutyAt(at), queue);
        LocalDate day = at.atZone(zone).toLocalDate();
        String promised = numbers.next(day, ticketWait.dividedBy(2));
        if (promised == null) {
            promised = TicketNumbers.fallback(day, linkedId, at);
            LOG.errorf("no ticket number in reserve (database unreachable for long): call %s gets %s", linkedId, promised);
        }
        Intake in = new Intake(linkedId, callerRaw, at, routing.route().name(), routing.queue(), promised, "AGI");
        pending.add(linkedId);
        var placing = this.placing.submit(in);
        try {
            Placed placed = placing.get(ticketWait.toMillis(), TimeUnit.MILLISECONDS);
            pending.remove(linkedId);
            return new Answer(routing, placed.number(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warnf("call %s: the database did not take it within %d ms (%s); journalled, answering with %s",
                    linkedId, ticketWait.toMillis(), e.getCause() == null ? "timeout" : e.getCause().getMessage(),
                    promised);
        }
        journalled(in);
        placing.whenComplete((placed, failure) -> {
            if (failure == null) {
                written(in);
            } else {
                retry(in, RETRY_FIRST_MS);
            }
        });
        return new Answer(routing, promised, false);
    }

    /** Whether the routing script has this call and its ticket is still being written (the AMI side then waits). */
    public boolean awaitingDatabase(String linkedId) {
        return pending.contains(linkedId);
    }

    public int awaitingDatabase() {
        return pending.size();
    }

    private void journalled(Intake in) {
        try {
            journal.write(in);
        } catch (IOException e) {
            LOG.errorf(e, "call %s could not be journalled; it is held in memory until the database takes it",
                    in.linkedId());
        }
    }

    private void retry(Intake in, long delayMs) {
        vertx.setTimer(Math.max(1, delayMs), id -> tickets.place(in).subscribe().with(placed -> written(in), failure -> {
            if (permanent(failure)) {
                pending.remove(in.linkedId()); // the AMI side and the CDRs may still place it; the journal keeps it for a person
                LOG.errorf(failure, "call %s can never be written as journalled (%s); its journal entry is kept in %s",
                        in.linkedId(), failure.getMessage(), "intake-journal");
            } else {
                long next = Math.min(RETRY_MAX_MS, Math.max(RETRY_FIRST_MS, delayMs * 2));
                LOG.warnf("call %s still not on a ticket (%s); next try in %d ms", in.linkedId(), failure.getMessage(),
                        next);
                retry(in, next);
            }
        }));
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

    private void written(Intake in) {
        java.util.concurrent.CompletableFuture.runAsync(() -> journal.delete(in.linkedId())); // file I/O off the event loop
        pending.remove(in.linkedId());
        LOG.infof("call %s is on its ticket now", in.linkedId());
    }
}
