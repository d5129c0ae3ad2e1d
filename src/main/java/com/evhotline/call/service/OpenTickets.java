package com.evhotline.call.service;

import io.quarkus.scheduler.Scheduled;
import com.evhotline.common.StartupLoads;
import com.evhotline.db.PgListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which callers have an open ticket, in memory, so that the routing script names the ticket a call
 * joins without waiting for the database (a call joins its caller's latest open ticket received within
 * the merge window, as {@link CallTicketService} decides when it writes the call). Kept fresh by the
 * database itself: whatever opens, closes, reopens or re-numbers a caller's ticket (this instance or
 * another, a call or a person) notifies {@value #CHANNEL} at commit (migration V7), and every
 * (re)subscription reads the whole again, for what was missed meanwhile. A new ticket the script has
 * promised is held as such until the database has it, so the caller's next call joins it even before.
 * When memory and database disagree all the same, the database decides where the call goes and the
 * number the PBX was told stays on record ({@code numberGivenToPbx}); the intake then reads the
 * caller again.
 */
@ApplicationScoped
public class OpenTickets {

    public static final String CHANNEL = "hotline_open_tickets";
    private static final Logger LOG = Logger.getLogger(OpenTickets.class);
    /** How long the start waits for the first read before the FastAGI server opens without it. */
    private static final Duration FIRST_READ = Duration.ofSeconds(10);
    /** After a failed read of them all, the next try. */
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final String ALL = """
            SELECT DISTINCT ON (caller_number) caller_number, number, received_at FROM ticket
             WHERE caller_number IS NOT NULL AND status NOT IN ('RESOLVED', 'CLOSED')
             ORDER BY caller_number, received_at DESC""";
    private static final String ONE = """
            SELECT caller_number, number, received_at FROM ticket
             WHERE caller_number = $1 AND status NOT IN ('RESOLVED', 'CLOSED')
             ORDER BY received_at DESC LIMIT 1""";

    /**
     * A caller's latest open ticket; {@code number} null when the caller has none since {@code seq}
     * (kept until a read that began later replaces it, so a read older than a change cannot undo it).
     * {@code written}: for a ticket the script promised, done once the call that opens it is on it (or
     * can never be); null for what the database said.
     */
    record Open(String number, Instant receivedAt, CompletableFuture<Void> written, long seq) {
        /** Promised and not yet written (nor given up). */
        boolean promised() {
            return written != null && !written.isDone();
        }
    }

    /**
     * The ticket a call is on, as the script tells the PBX: {@code opens} when this call opens it;
     * otherwise {@code written} is done once the call that opens it is on it, for a promised ticket
     * (null for one the database has).
     */
    public record Promise(String number, Instant receivedAt, boolean opens, CompletableFuture<Void> written) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final io.vertx.pgclient.PgConnectOptions options;
    private final Duration mergeWindow;
    private final Map<String, Open> byCaller = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final CompletableFuture<Void> firstRead = new CompletableFuture<>();
    /** Reads of every caller asked for and not yet begun after the asking (see {@link #readAll}). */
    private final AtomicInteger readsAsked = new AtomicInteger();
    private volatile boolean known;
    private PgListener listener;

    public OpenTickets(Pool pool, Vertx vertx, com.evhotline.call.CallsConfig calls, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.vertx = vertx;
        this.options = PgListener.options(url, username, password);
        this.mergeWindow = calls.mergeWindow();
        meters.gaugeMapSize("hotline_open_ticket_callers", java.util.List.of(), byCaller);
    }

    /**
     * Listens, then reads, beside the other start loads; the FastAGI server and the journal's replay come after
     * them. A first read that fails or takes longer than {@link #FIRST_READ} does not stop the start: the
     * database still puts every call on its ticket.
     */
    void start(@Observes StartupEvent start, StartupLoads loads) {
        listener = PgListener.start(vertx, options, CHANNEL,
                "open tickets are read again once it listens", this::readAll, this::apply);
        loads.begin("reading the callers' open tickets", () -> Uni.createFrom().completionStage(firstRead)
                .ifNoItem().after(FIRST_READ).fail()
                .onFailure().invoke(e -> LOG.errorf("The callers' open tickets could not be read within %d s (%s):"
                        + " until they are, a repeat caller's call is announced to the PBX under a new number (the"
                        + " database still puts it on the open ticket and keeps the number given on record)",
                        FIRST_READ.toSeconds(), e.getMessage()))
                .onFailure().recoverWithNull());
    }

    /**
     * Every minute every caller is read again, whatever the notifications said: one that a half-open link never
     * brought (the connection looks alive, nothing arrives) is not missed for longer than that.
     */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> minute() {
        return read(null)
                .invoke(() -> known = true)
                .onFailure().invoke(e -> {
                    known = false;
                    LOG.warnf("could not read the callers' open tickets again (%s)", e.getMessage());
                    readAll(); // tried again every few seconds until it can, as at the start
                })
                .onFailure().recoverWithNull();
    }

    void stop(@Observes ShutdownEvent stop) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Whether the open tickets have been read, and the last reading of them all did not fail. */
    public boolean known() {
        return known;
    }

    /** The number of the open ticket a call of {@code caller} at {@code at} joins, or null: a new ticket. */
    public String joinable(String caller, Instant at) {
        Promise p = joining(caller, at);
        return p == null ? null : p.number();
    }

    /** The open ticket a call of {@code caller} at {@code at} joins, or null: a new ticket. */
    public Promise joining(String caller, Instant at) {
        Open o = byCaller.get(caller);
        return joins(o, at) ? new Promise(o.number(), o.receivedAt(), false, o.written()) : null;
    }

    /**
     * The ticket a call of {@code caller} at {@code at} is on: the caller's open one, or else the new
     * one numbered {@code number}, which the caller's next calls then join. Decided at once for calls
     * of one caller arriving together (the number of the one that lost is left unused). The caller of
     * a promise that {@code opens} completes its {@code written} once the call is on its ticket.
     */
    public Promise promise(String caller, String number, Instant at) {
        Open mine = new Open(number, at, new CompletableFuture<>(), 0);
        Open o = byCaller.compute(caller, (k, was) -> joins(was, at) ? was
                : new Open(number, at, mine.written(), changes.incrementAndGet()));
        boolean opens = o.written() == mine.written();
        return new Promise(o.number(), o.receivedAt(), opens, o.written());
    }

    private boolean joins(Open o, Instant at) {
        return o != null && o.number() != null && !o.receivedAt().isBefore(at.minus(mergeWindow));
    }

    /**
     * The call was put on another ticket than the one promised or joined from memory: forgets what
     * memory held of it and reads the caller again.
     */
    public void corrected(String caller, String given) {
        byCaller.computeIfPresent(caller, (k, o) -> given.equals(o.number()) ? null : o);
        readAgain(caller);
    }

    /** A notification: {@code <caller> <number> <received at, epoch ms> open|shut}. */
    void apply(String payload) {
        String[] f = payload.split(" ");
        Instant at;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(f[2]));
        } catch (RuntimeException e) {
            LOG.warnf("notification on %s not understood, reading everything again: '%s'", CHANNEL, payload);
            readAll();
            return;
        }
        String caller = f[0];
        String number = f[1];
        if ("open".equals(f.length > 3 ? f[3] : "")) {
            byCaller.compute(caller, (k, o) -> o == null || o.number() == null || number.equals(o.number())
                    || !o.receivedAt().isAfter(at) ? new Open(number, at, null, changes.incrementAndGet()) : o);
        } else {
            boolean was = byCaller.computeIfPresent(caller, (k, o) -> number.equals(o.number())
                    ? new Open(null, at, null, changes.incrementAndGet()) : o) != null;
            if (was) {
                readAgain(caller); // an older ticket of the caller may still be open
            }
        }
    }

    /** Reads one caller again, in the background (the minute's reading of all covers a failure). */
    private void readAgain(String caller) {
        read(caller).subscribe().with(v -> { }, e -> LOG.warnf("could not read the open tickets of %s again: %s",
                caller, e.getMessage()));
    }

    /**
     * Reads every caller's open ticket, trying again every few seconds until it can. One such read runs at a time:
     * asked for while one runs (a minute's read failed again, the link resubscribed), it runs once more after it,
     * so what was committed before the asking is read, and an outage does not pile up reads that retry.
     */
    private void readAll() {
        if (readsAsked.getAndIncrement() == 0) {
            readAllNow();
        }
    }

    private void readAllNow() {
        int asked = readsAsked.get();
        Uni.createFrom().deferred(() -> read(null)) // each try from what changed since it began
                .onFailure().invoke(e -> {
                    known = false;
                    LOG.errorf("could not read the callers' open tickets (%s); a repeat caller may be announced under a"
                            + " new number until they are read (trying again in %d s)", e.getMessage(), RETRY.toSeconds());
                })
                .onFailure().retry().withBackOff(RETRY, RETRY).withJitter(0).indefinitely()
                .subscribe().with(v -> {
                    known = true;
                    firstRead.complete(null);
                    LOG.debugf("%d callers with an open ticket", byCaller.size());
                    if (readsAsked.addAndGet(-asked) > 0) {
                        readAllNow(); // asked for again while this one ran
                    }
                });
    }

    /** Reads one caller (or all, {@code caller} null) and takes what changed in memory meanwhile over it. */
    Uni<Void> read(String caller) {
        long since = changes.get();
        var query = caller == null ? pool.preparedQuery(ALL).execute() : pool.preparedQuery(ONE).execute(Tuple.of(caller));
        return query.invoke(rows -> {
            Map<String, Open> found = new HashMap<>();
            for (Row r : rows) {
                // stamped with the read's start: a read that began earlier cannot take this one back
                found.put(r.getString(0), new Open(r.getString(1), r.getOffsetDateTime(2).toInstant(), null, since));
            }
            Set<String> callers = new HashSet<>(found.keySet());
            if (caller == null) {
                callers.addAll(byCaller.keySet());
            } else {
                callers.add(caller);
            }
            callers.forEach(c -> byCaller.compute(c, (k, mine) -> newer(mine, found.get(c), since)));
        }).replaceWithVoid();
    }

    /** What memory keeps after a read that began at change {@code since}: the read, unless memory knows better. */
    static Open newer(Open mine, Open read, long since) {
        if (mine != null && mine.seq() > since) {
            return mine; // changed while the read was under way
        }
        if (mine != null && mine.promised() && mine.number() != null
                && (read == null || !read.number().equals(mine.number()) && mine.receivedAt().isAfter(read.receivedAt()))) {
            return mine; // promised, not yet written
        }
        return read; // null: nothing open (a tombstone the read has overtaken goes too)
    }
}
