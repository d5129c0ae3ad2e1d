package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.call.CallOutcome;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.db.PipelinedTransaction;
import com.evhotline.security.CurrentUser;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.service.TicketOpening;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Puts every call on a ticket, exactly once, whichever side tells of it first (the routing script or
 * the AMI link): a call joins the open ticket of the same number within the merge window (withheld
 * numbers never merge), and an unanswered call puts its ticket into CALLBACK once it has ended.
 *
 * <p>Many calls at a time, in one transaction of a fixed number of set-based statements (a burst of
 * calls costs about as much as one call): the new tickets, the call records, the outcomes, the calls'
 * history. This class decides which calls join an open ticket and which open one, and records the
 * calls; {@link TicketOpening} opens the tickets (numbers, customers, deadlines, timers, first history,
 * the engines woken), as it opens every ticket.
 *
 * <p>One class past 400 lines because one transaction's state (its connection, the history it
 * collects in order, the tickets it opened) is shared by every step of a batch: join-or-open, the
 * opening, the records, the outcomes, the history. The rules it applies live elsewhere
 * ({@link TicketOpening}, {@code TicketCallOutcomes}); what is left is the order of one transaction.
 */
@ApplicationScoped
public class CallTicketService {

    /** The actor recorded for what the PBX side writes. */
    public static final CurrentUser PBX = CurrentUser.system("pbx");
    static final int CALL_LOCK = 1;
    static final int CALLER_LOCK = 2;
    static final String WITHHELD_REASON = "the caller's number was withheld (or is no phone number): a missed call"
            + " cannot be called back";
    private static final Category CALL_CATEGORY = Category.GENERAL_QUALITY;

    /**
     * A call to place on a ticket. {@code promisedNumber}: the number its ticket takes if the call opens
     * one (reserved when the routing script answered); {@code givenNumber}: the number the PBX was told
     * (the promised one, or the open ticket the script expected the call to join; null for the AMI side's
     * and the CDRs' calls). A journal written before there was a given number gave the promised one.
     * {@code routedAt}: the instant the routing script decided the call's route and office hours (null: not
     * known to this side); a ticket the call opens takes its shift from it.
     */
    public record Intake(String linkedId, String callerRaw, Instant at, String route, String queue,
            String promisedNumber, String givenNumber, String source, Instant routedAt) {
        public Intake {
            givenNumber = givenNumber == null ? promisedNumber : givenNumber;
        }

        /** A call whose PBX was told the promised number, if any; routed at {@code at} when it has a route. */
        public Intake(String linkedId, String callerRaw, Instant at, String route, String queue, String promisedNumber,
                String source) {
            this(linkedId, callerRaw, at, route, queue, promisedNumber, promisedNumber, source,
                    route == null ? null : at);
        }
    }

    /** The ticket a call is on. */
    public record Placed(Long callId, Long ticketId, String number, boolean joined) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final TicketOpening opening;
    private final com.evhotline.ticket.service.TicketCallOutcomes outcomes;
    private final CalendarService calendar;
    private final CallBackQueue callBack;
    private final PhoneNumbers phones;
    private final Clock clock;
    private final Duration mergeWindow;
    /** How much later than a call a ticket it joins may have been received (writes out of order, see attach). */
    static final Duration OUT_OF_ORDER = Duration.ofMinutes(10);
    /** Callers this service placed calls of lately: their next call is most likely not fresh. */
    private final RecentCallers recent = new RecentCallers(100_000);
    private final Counter placedFreshly;
    private final Counter placedGenerally;

    public CallTicketService(Pool pool, ObjectMapper json, TicketOpening opening,
            com.evhotline.ticket.service.TicketCallOutcomes outcomes, CalendarService calendar, PhoneNumbers phones,
            Clock clock, com.evhotline.call.CallsConfig calls, MeterRegistry meters, CallBackQueue callBack) {
        this.callBack = callBack;
        this.pool = pool;
        this.json = json;
        this.opening = opening;
        this.outcomes = outcomes;
        this.calendar = calendar;
        this.phones = phones;
        this.clock = clock;
        this.mergeWindow = calls.mergeWindow();
        this.placedFreshly = Counter.builder("hotline.calls.placed").tag("path", "fresh")
                .description("Calls put on their ticket in one round trip (a caller with no open ticket)").register(meters);
        this.placedGenerally = Counter.builder("hotline.calls.placed").tag("path", "general")
                .description("Calls put on their ticket by the general path (joined, recorded first, AMI, CDR)")
                .register(meters);
    }

    /** The caller number to store: E.164, or null when withheld or not a number at all. */
    public String callerNumber(String raw) {
        return PhoneNumbers.isWithheld(raw) ? null : phones.tryNormalise(raw).orElse(null);
    }

    /** Places one call on its ticket (opening one or joining the caller's open one); idempotent per linked id. */
    public Uni<Placed> place(Intake in) {
        return placeAll(List.of(in)).map(placed -> placed.get(0));
    }

    /**
     * {@link #place} for many calls; the answer lists one per intake, in order. A fresh call (the
     * routing script's, of a caller with no open ticket and not yet recorded) is placed in one round
     * trip ({@link Batch#placeFresh}); the others, and fresh ones that turn out not to be, then in one
     * transaction of the general kind ({@link Batch#place}).
     */
    public Uni<List<Placed>> placeAll(List<Intake> intakes) {
        if (intakes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // each caller's number worked out once for the whole of it (linked id -> number, null when withheld)
        Map<String, String> callers = new HashMap<>();
        intakes.forEach(in -> callers.computeIfAbsent(in.linkedId(), id -> callerNumber(in.callerRaw())));
        List<Intake> fresh = freshCandidates(intakes, callers);
        Uni<Map<String, Placed>> first = fresh.isEmpty() ? Uni.createFrom().item(Map.of())
                : Uni.createFrom().deferred(() -> new Batch(null, clock.instant(), callers).placeFresh(fresh)); // anew on a retry
        return first.chain(placedFresh -> {
            List<Intake> rest = intakes.stream().filter(in -> !placedFresh.containsKey(in.linkedId())).toList();
            Uni<List<Placed>> others = rest.isEmpty() ? Uni.createFrom().item(List.of())
                    : PipelinedTransaction.run(pool, c -> new Batch(c, clock.instant(), callers).place(rest));
            return others.map(placed -> {
                Map<String, Placed> byId = new HashMap<>(placedFresh);
                for (int i = 0; i < rest.size(); i++) {
                    byId.putIfAbsent(rest.get(i).linkedId(), placed.get(i));
                }
                placedFreshly.increment(placedFresh.size());
                placedGenerally.increment(byId.size() - placedFresh.size()); // a linked id listed twice is one call
                List<Placed> out = new ArrayList<>(intakes.size());
                for (Intake in : intakes) {
                    out.add(byId.get(in.linkedId()));
                    recent.seen(callers.get(in.linkedId()), in.at());
                }
                return out;
            });
        }).onFailure(CallTicketService::conflict).retry().atMost(3);
    }

    /**
     * The calls that may take the one-round-trip path: the routing script's (a number promised), each
     * linked id once, of each caller only the earliest call in the batch (a later one joins the ticket it
     * opens, which the general path finds: ties go as there, by linked id), and not of a caller this
     * service placed a call of within the merge window (who most likely has an open ticket: the attempt
     * would only cost a round trip). The statement decides; this only spares attempts bound to fail.
     */
    private List<Intake> freshCandidates(List<Intake> intakes, Map<String, String> callers) {
        Map<String, Intake> byCaller = new LinkedHashMap<>();
        Map<String, Intake> withheld = new LinkedHashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        Comparator<Intake> earliest = Comparator.comparing(Intake::at).thenComparing(Intake::linkedId);
        for (Intake in : intakes) {
            if (in.promisedNumber() == null || !ids.add(in.linkedId())) {
                continue;
            }
            String caller = callers.get(in.linkedId());
            if (caller == null) {
                withheld.put(in.linkedId(), in); // never merged: every such call opens its own ticket
            } else {
                byCaller.merge(caller, in, (a, b) -> earliest.compare(b, a) < 0 ? b : a);
            }
        }
        // the earliest call of each caller, unless the caller called lately: its later calls join that one
        byCaller.entrySet().removeIf(e -> recent.calledSince(e.getKey(), e.getValue().at().minus(mergeWindow)));
        List<Intake> out = new ArrayList<>(byCaller.values());
        out.addAll(withheld.values());
        return out;
    }

    /** Numbers of callers whose calls this service placed, with the last call's instant; the oldest forgotten past a bound. */
    static final class RecentCallers {
        private final int capacity;
        private final LinkedHashMap<String, Instant> last;

        RecentCallers(int capacity) {
            this.capacity = capacity;
            this.last = new LinkedHashMap<>(64, 0.75f, true);
        }

        synchronized void seen(String caller, Instant at) {
            if (caller == null) {
                return;
            }
            last.merge(caller, at, (a, b) -> b.isAfter(a) ? b : a);
            if (last.size() > capacity) {
                var oldest = last.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }

        synchronized boolean calledSince(String caller, Instant since) {
            Instant at = last.get(caller);
            return at != null && !at.isBefore(since);
        }
    }

    /** Tells the people whose mobiles accepted these calls the caller's number and the ticket (once per call). */
    public Uni<Void> tellWhoTookForwardedCalls(Long[] callIds, Long[] ticketIds, Long[] staffIds) {
        return pool.withConnection(c -> outcomes.tellOfForwardedCalls(c, callIds, ticketIds, staffIds, clock.instant()));
    }

    /** After the AMI link said how the call ended: its ticket takes the outcome, once. */
    public Uni<Void> settle(String linkedId) {
        return settleAll(List.of(linkedId));
    }

    /** {@link #settle} for many calls in one transaction. */
    public Uni<Void> settleAll(Collection<String> linkedIds) {
        if (linkedIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return PipelinedTransaction.run(pool, c -> new Batch(c, clock.instant()).settle(linkedIds))
                .onFailure(CallTicketService::conflict).retry().atMost(3);
    }

    /**
     * Takes the transaction's advisory locks on these keys, in one order for everybody (sorted by the
     * lock's own key), so that two batches locking overlapping calls wait for each other rather than
     * deadlock. The AMI writer takes the same call locks.
     */
    static Uni<Void> lockAll(SqlConnection c, int space, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery(LOCKS).execute(Tuple.of(space, keys.toArray(String[]::new))).replaceWithVoid();
    }

    /** {@link #lockAll} as a statement of a transaction sent at once. */
    static Optional<PipelinedTransaction.Statement> locks(int space, Collection<String> keys) {
        return keys.isEmpty() ? Optional.empty()
                : Optional.of(PipelinedTransaction.Statement.prepared(LOCKS, Tuple.of(space, keys.toArray(String[]::new))));
    }

    private static final String LOCKS = """
            SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1::int, h)
              FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY 1) s) l""";

    /**
     * The transaction's limits, as the deadline engine's: a lock wait or a statement that hangs fails
     * the batch (its calls are retried) rather than holding its connection and every later call. And
     * generic plans: the batch's lookups by {@code = ANY($1)} were otherwise planned again on every
     * batch (the planner kept preferring custom plans), which cost the database more than running them.
     */
    static Uni<Void> limits(SqlConnection c) {
        return c.query(LIMITS).execute().replaceWithVoid();
    }


    private static final String LIMITS = "SET LOCAL statement_timeout = '10s'; SET LOCAL lock_timeout = '5s';"
            + " SET LOCAL idle_in_transaction_session_timeout = '10s'; SET LOCAL plan_cache_mode = force_generic_plan";

    /** A deadlock or serialisation failure between concurrent batches: the whole transaction is tried again. */
    private static boolean conflict(Throwable t) {
        return t instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    /** The ticket a call goes on: an open one found, or one this batch opens. */
    private static final class Target {
        Long id;
        String number;
        final Instant receivedAt;
        String caller;
        /** The instant whose shift a ticket this call opens takes: when the call was routed, else received. */
        Instant shiftAt;

        Target(Long id, String number, Instant receivedAt) {
            this.id = id;
            this.number = number;
            this.receivedAt = receivedAt;
        }
    }

    /** The call record as written, with what its outcome needs. */
    private record Rec(Long id, String linkedId, Long ticketId, String outcome, boolean applied, boolean withheld,
            String answeredByName, String route, Long answeredBy) {
        static Rec of(Row r) {
            return new Rec(r.getLong("id"), r.getString("linked_id"), r.getLong("ticket_id"), r.getString("outcome"),
                    r.getBoolean("outcome_applied"), r.getBoolean("withheld"), r.getString("answered_by_name"),
                    r.getString("route"), r.getLong("answered_by"));
        }
    }

    private record Event(Long ticketId, String type, Map<String, Object> detail) {
    }

    /** A call record as written, with the number of its ticket. */
    private record Written(Rec rec, String number) {
    }

    /**
     * Every call's record on its ticket, in one statement (see Batch#write): a record the AMI side wrote
     * first keeps what it knew. Answers each record with its ticket's number.
     */
    static final String WRITE = """
            WITH r AS (
                INSERT INTO call_record AS c (linked_id, ticket_id, caller_number, withheld, started_at, outcome,
                                              office_hours, source, route, queue, routed_at, updated_at)
                SELECT z.l, z.t, z.c, z.w, z.s, 'IN_PROGRESS', z.o, z.src, z.r, z.q, z.ra, $1::timestamptz
                  FROM unnest($2::text[], $3::bigint[], $4::text[], $5::boolean[], $6::timestamptz[], $7::boolean[],
                              $8::text[], $9::text[], $10::text[], $11::timestamptz[])
                       WITH ORDINALITY AS z(l, t, c, w, s, o, src, r, q, ra, i)
                 ORDER BY z.i
                ON CONFLICT (linked_id) DO UPDATE SET
                    ticket_id = coalesce(c.ticket_id, EXCLUDED.ticket_id),
                    -- office hours as the routing script decided at its instant (the AMI side, first here, took
                    -- the channel's start): a call forwarded at 17:30:00.2 is not an office-hours call
                    office_hours = CASE WHEN c.routed_at IS NULL AND EXCLUDED.routed_at IS NOT NULL
                                        THEN EXCLUDED.office_hours ELSE c.office_hours END,
                    routed_at = coalesce(c.routed_at, EXCLUDED.routed_at),
                    route = coalesce(c.route, EXCLUDED.route),
                    queue = coalesce(c.queue, EXCLUDED.queue),
                    updated_at = EXCLUDED.updated_at
                RETURNING c.id, c.linked_id, c.ticket_id, c.outcome, c.outcome_applied, c.withheld, c.answered_by_name,
                          c.route, c.answered_by)
            SELECT r.id, r.linked_id, r.ticket_id, r.outcome, r.outcome_applied, r.withheld, r.answered_by_name, r.route,
                   r.answered_by, (SELECT k.number FROM ticket k WHERE k.id = r.ticket_id) AS number
              FROM r
             ORDER BY r.id""";

    /**
     * The condition under which a fresh call's ticket is opened (see Batch#placeFresh), checked under the
     * locks in the opening statement: its call (the linked ids at the condition's first parameter, in the
     * batch's order) is not recorded yet, no ticket has its promised number yet (one that has, the call's
     * own left without its record, is the one {@link #RECORD_FRESH} puts it on), and its caller has no open
     * ticket (or is withheld).
     */
    static final String FRESH_ONLY = """
            NOT EXISTS (SELECT 1 FROM call_record k WHERE k.linked_id = ($%1$d::text[])[nt.i::int])
            AND NOT EXISTS (SELECT 1 FROM ticket k WHERE k.number = nt.n)
            AND (nt.c IS NULL OR NOT EXISTS (SELECT 1 FROM ticket k WHERE k.caller_number = nt.c
                                                AND k.status NOT IN ('RESOLVED', 'CLOSED')))""";

    /**
     * Fresh calls' records and their CALL history, on the tickets the opening statement before it opened
     * for them (a ticket of the promised number with no record of the call yet is one: a promised number is
     * the call's alone). A call that was not fresh after all has no such ticket: it is left out of the
     * answer, and so to the general path. $1 the instant, $2 the actor, the calls at $3..$12; each CALL
     * detail is given without the call's id, which the statement puts in front.
     */
    static final String RECORD_FRESH = """
            WITH x AS (
                SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::boolean[],
                                     $9::text[], $10::text[], $11::text[], $12::text[])
                              WITH ORDINALITY AS x(l, n, c, w, a, o, src, r, q, d, i)),
            r AS (
                INSERT INTO call_record (linked_id, ticket_id, caller_number, withheld, started_at, outcome, office_hours,
                                         source, route, queue, routed_at, updated_at)
                SELECT x.l, t.id, x.c, x.w, x.a, 'IN_PROGRESS', x.o, x.src, x.r, x.q,
                       CASE WHEN x.r IS NOT NULL THEN x.a END, $1::timestamptz
                  FROM x JOIN ticket t ON t.number = x.n
                 WHERE NOT EXISTS (SELECT 1 FROM call_record k WHERE k.linked_id = x.l)
                 ORDER BY x.i
                RETURNING id, linked_id, ticket_id),
            ev AS (
                INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                SELECT r.ticket_id, $1::timestamptz, $2, 'CALL', '{"callId":' || r.id || ',' || substr(x.d, 2)
                  FROM r JOIN x ON x.l = r.linked_id
                 ORDER BY x.i)
            SELECT r.id, r.linked_id, r.ticket_id, x.n AS number FROM r JOIN x ON x.l = r.linked_id""";

    /** One transaction's work; the events are written last, in the order they happened per ticket. */
    private final class Batch {
        private final SqlConnection c;
        private final Instant now;
        private final List<Event> events = new ArrayList<>();
        /** Each call's caller number as stored (null when withheld or unusable), worked out once per call. */
        private final Map<String, String> callerOf;
        /** When the routing script routed each call, as its intake or its record knows (absent: unknown). */
        private final Map<String, Instant> routedAt = new HashMap<>();
        /** The ids of the tickets this batch opened. */
        private final List<Long> openedIds = new ArrayList<>();

        /** {@code c} is null for {@link #placeFresh}, which sends its transaction at once on a connection of its own. */
        Batch(SqlConnection c, Instant now) {
            this(c, now, new HashMap<>());
        }

        /** With the callers' numbers already worked out (linked id to number), as {@link #placeAll} has them. */
        Batch(SqlConnection c, Instant now, Map<String, String> callerOf) {
            this.c = c;
            this.now = now;
            this.callerOf = callerOf;
        }

        /**
         * Four or five round trips for any number of calls: (1) the locks, the calls' records and the
         * callers' open tickets, pipelined; (2) the new tickets, when some calls open one; (3) one statement
         * writing the call records; (4) outcomes, when some calls have already ended; (5) the history.
         */
        Uni<List<Placed>> place(List<Intake> intakes) {
            Map<String, Intake> byId = new LinkedHashMap<>();
            intakes.forEach(in -> byId.putIfAbsent(in.linkedId(), in));
            String[] ids = byId.keySet().toArray(String[]::new);
            TreeSet<String> callers = new TreeSet<>();
            byId.values().forEach(in -> {
                String n = callerOf.containsKey(in.linkedId()) ? callerOf.get(in.linkedId()) : callerNumber(in.callerRaw());
                callerOf.put(in.linkedId(), n);
                if (n != null) {
                    callers.add(n);
                }
            });
            String[] callerArray = callers.toArray(String[]::new);
            Uni<RowSet<Row>> records = c.preparedQuery(
                            "SELECT linked_id, ticket_id, started_at, routed_at FROM call_record WHERE linked_id = ANY($1::text[])")
                    .execute(Tuple.of((Object) ids));
            Uni<RowSet<Row>> open = c.preparedQuery("""
                            SELECT caller_number, id, number, received_at FROM ticket
                             WHERE caller_number = ANY($1::text[]) AND status NOT IN ('RESOLVED', 'CLOSED')
                             ORDER BY caller_number, received_at DESC""")
                    .execute(Tuple.of((Object) callerArray));
            // sent together (the connection pipelines them) and run in this order: locks first
            return Uni.combine().all().unis(limits(c), lockAll(c, CALL_LOCK, byId.keySet()),
                            lockAll(c, CALLER_LOCK, callers), records, open).asTuple()
                    .chain(found -> {
                        Map<String, Long> ticketOf = new HashMap<>();
                        Map<String, Instant> received = new HashMap<>();
                        for (Intake in : byId.values()) {
                            received.put(in.linkedId(), in.at());
                            if (in.routedAt() != null) {
                                routedAt.put(in.linkedId(), in.routedAt());
                            }
                        }
                        for (Row r : found.getItem4()) {
                            ticketOf.put(r.getString(0), r.getLong(1));
                            Instant started = r.getOffsetDateTime(2).toInstant();
                            received.merge(r.getString(0), started, (a, b) -> b.isBefore(a) ? b : a);
                            if (r.getOffsetDateTime(3) != null) {
                                routedAt.putIfAbsent(r.getString(0), r.getOffsetDateTime(3).toInstant());
                            }
                        }
                        Map<String, List<Target>> openOf = new HashMap<>(); // per caller, the latest first
                        for (Row r : found.getItem5()) {
                            openOf.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new Target(r.getLong(1),
                                    r.getString(2), r.getOffsetDateTime(3).toInstant()));
                        }
                        List<Intake> attach = new ArrayList<>();
                        byId.values().stream().filter(in -> ticketOf.get(in.linkedId()) == null).forEach(attach::add);
                        attach.sort(Comparator.comparing((Intake in) -> received.get(in.linkedId()))
                                .thenComparing(Intake::linkedId));
                        return attach(byId, attach, received, openOf);
                    })
                    .map(placedById -> {
                        List<Placed> out = new ArrayList<>(intakes.size());
                        intakes.forEach(in -> out.add(placedById.get(in.linkedId())));
                        return out;
                    });
        }

        /**
         * Calls that the rules give a new ticket without looking further: not yet recorded, and of a
         * caller with no open ticket (or withheld). A transaction of its own, sent at once (one round
         * trip): BEGIN, the limits, the locks, the opening of their tickets under that condition (checked
         * there, under the locks), the engines' wake-up, the call records with their history on the tickets
         * opened ({@link #RECORD_FRESH}), and COMMIT: what {@link #place} would write. A call that is not
         * fresh after all is left out of the answer, and so to the general path.
         */
        Uni<Map<String, Placed>> placeFresh(List<Intake> fresh) {
            int n = fresh.size();
            String[] linked = new String[n];
            String[] number = new String[n];
            String[] caller = new String[n];
            Boolean[] withheld = new Boolean[n];
            OffsetDateTime[] at = new OffsetDateTime[n];
            Boolean[] office = new Boolean[n];
            String[] source = new String[n];
            String[] route = new String[n];
            String[] queue = new String[n];
            String[] detail = new String[n];
            List<TicketOpening.NewTicket> tickets = new ArrayList<>(n);
            TreeSet<String> callers = new TreeSet<>();
            for (Intake in : fresh) {
                tickets.add(newTicket(in.promisedNumber(), callerOf.get(in.linkedId()), in.at(), in.at()));
            }
            TicketOpening.Prepared opened = opening.prepare(tickets);
            for (int i = 0; i < n; i++) {
                Intake in = fresh.get(i);
                linked[i] = in.linkedId();
                number[i] = in.promisedNumber();
                caller[i] = callerOf.get(in.linkedId());
                if (caller[i] != null) {
                    callers.add(caller[i]);
                }
                withheld[i] = caller[i] == null; // withheld, or not a phone number: nothing to call back
                at[i] = utc(in.at());
                office[i] = opened.officeHours(i);
                source[i] = in.source();
                route[i] = in.route();
                queue[i] = in.queue();
                // as the general path records a CALL, but for the call's id, which the statement puts in front
                detail[i] = toJson(callDetailButId(linked[i], CallOutcome.IN_PROGRESS.name(), route[i], null, false));
            }
            List<PipelinedTransaction.Statement> statements = new ArrayList<>(6);
            // run in this order: the limits and the locks before the statements that read
            statements.add(PipelinedTransaction.Statement.simple(LIMITS));
            locks(CALL_LOCK, Arrays.asList(linked)).ifPresent(statements::add);
            locks(CALLER_LOCK, callers).ifPresent(statements::add);
            statements.addAll(opening.openAtOnce(opened, PBX.username(), now,
                    new TicketOpening.Only(FRESH_ONLY, List.of((Object) linked))));
            int recorded = statements.size();
            statements.add(PipelinedTransaction.Statement.prepared(RECORD_FRESH, Tuple.from(Arrays.asList(utc(now),
                    PBX.username(), linked, number, caller, withheld, at, office, source, route, queue, detail))));
            return PipelinedTransaction.atOnce(pool, statements).map(answers -> {
                Map<String, Placed> placed = new HashMap<>();
                answers.get(recorded).forEach(r -> placed.put(r.getString("linked_id"),
                        new Placed(r.getLong("id"), r.getLong("ticket_id"), r.getString("number"), false)));
                return placed;
            });
        }

        Uni<Void> settle(Collection<String> linkedIds) {
            Uni<RowSet<Row>> ended = c.preparedQuery("""
                            SELECT id, linked_id, ticket_id, outcome, outcome_applied, withheld, answered_by_name, route,
                                   answered_by
                              FROM call_record
                             WHERE linked_id = ANY($1::text[]) AND ticket_id IS NOT NULL
                               AND outcome <> 'IN_PROGRESS' AND NOT outcome_applied
                             ORDER BY id""")
                    .execute(Tuple.of((Object) linkedIds.toArray(String[]::new)));
            return Uni.combine().all().unis(limits(c), lockAll(c, CALL_LOCK, linkedIds), ended).asTuple()
                    .chain(found -> {
                        List<Rec> recs = new ArrayList<>();
                        found.getItem3().forEach(r -> recs.add(Rec.of(r)));
                        return applyOutcomes(recs);
                    })
                    .chain(this::writeEvents);
        }

        /**
         * Decides per call: join the caller's open ticket within the merge window, or open one. The
         * ticket joined is the caller's latest received no later than the call, within the window (a
         * call is a second call of a ticket opened before it): a call written late, after a later call
         * of its caller opened another ticket (a write retried, a journal replayed after an outage),
         * joins the ticket of its own time, not the later one. Only when none was open before it does
         * it join the earliest opened after it within {@link #OUT_OF_ORDER} (calls of one caller written
         * out of order, a ticket opened by hand just before the call was written): one ticket, not two;
         * never one opened long after the call, whose deadlines would start late.
         */
        private Uni<Map<String, Placed>> attach(Map<String, Intake> byId, List<Intake> attach,
                Map<String, Instant> received, Map<String, List<Target>> open) {
            ServiceCalendar cal = calendar.current();
            Map<String, Target> targetOf = new HashMap<>();
            Map<String, Boolean> joined = new HashMap<>();
            List<Target> opened = new ArrayList<>();
            for (Intake in : attach) {
                String caller = callerOf.get(in.linkedId());
                Instant at = received.get(in.linkedId());
                Target t = caller == null ? null : joinable(open.get(caller), at);
                if (t != null) {
                    joined.put(in.linkedId(), true);
                } else {
                    t = new Target(null, in.promisedNumber(), at); // no number: the opening gives one
                    t.caller = caller;
                    t.shiftAt = routedAt.getOrDefault(in.linkedId(), at);
                    opened.add(t);
                    joined.put(in.linkedId(), false);
                    if (caller != null) { // the caller's next call in this batch joins it
                        List<Target> mine = open.computeIfAbsent(caller, k -> new ArrayList<>());
                        mine.add(t);
                        mine.sort(Comparator.comparing((Target o) -> o.receivedAt).reversed());
                    }
                }
                targetOf.put(in.linkedId(), t);
            }
            List<TicketOpening.NewTicket> tickets = new ArrayList<>(opened.size());
            opened.forEach(t -> tickets.add(newTicket(t.number, t.caller, t.receivedAt, t.shiftAt)));
            return opening.open(c, tickets, PBX.username(), now)
                    .invoke(born -> {
                        for (int i = 0; i < born.size(); i++) {
                            opened.get(i).id = born.get(i).id();
                            opened.get(i).number = born.get(i).number();
                            openedIds.add(born.get(i).id());
                        }
                    })
                    .chain(() -> write(byId.values(), targetOf, cal))
                    .chain(recs -> {
                        Map<String, Placed> placed = placed(recs, byId, attach, targetOf, joined);
                        return applyOutcomes(recs.stream().map(Written::rec).toList())
                                .chain(this::writeEvents)
                                .replaceWith(placed);
                    });
        }

        /** Of a caller's open tickets (the latest first), the one a call at {@code at} joins, or null. */
        private Target joinable(List<Target> open, Instant at) {
            Target after = null;
            if (open != null) {
                for (Target t : open) {
                    if (!t.receivedAt.isAfter(at)) {
                        return t.receivedAt.isBefore(at.minus(mergeWindow)) ? after : t;
                    }
                    if (!t.receivedAt.isAfter(at.plus(OUT_OF_ORDER))) {
                        after = t; // the earliest after the call so far
                    }
                }
            }
            return after;
        }

        /**
         * What the written records say: a CALL event per call placed now (in the order the calls came), and
         * where every call is.
         */
        private Map<String, Placed> placed(List<Written> recs, Map<String, Intake> byId, List<Intake> attach,
                Map<String, Target> targetOf, Map<String, Boolean> joined) {
            Map<String, Written> byLinkedId = new HashMap<>();
            for (Written w : recs) {
                byLinkedId.put(w.rec().linkedId(), w);
            }
            Map<String, Placed> placed = new HashMap<>();
            for (Intake in : attach) {
                Rec r = byLinkedId.get(in.linkedId()).rec();
                boolean join = joined.get(r.linkedId());
                Map<String, Object> d = callDetail(r, join);
                if (in.givenNumber() != null && !in.givenNumber().equals(targetOf.get(r.linkedId()).number)) {
                    d.put("numberGivenToPbx", in.givenNumber()); // kept on record: the PBX was told another ticket
                }
                events.add(new Event(r.ticketId(), "CALL", d));
                placed.put(r.linkedId(), new Placed(r.id(), r.ticketId(), byLinkedId.get(r.linkedId()).number(), join));
            }
            for (Written w : recs) { // already on a ticket: nothing new but their outcome, if any
                if (placed.containsKey(w.rec().linkedId())) {
                    continue;
                }
                placed.put(w.rec().linkedId(), new Placed(w.rec().id(), w.rec().ticketId(), w.number(), true));
                Intake in = byId.get(w.rec().linkedId());
                if (in != null && in.givenNumber() != null && !in.givenNumber().equals(w.number())) {
                    // the AMI side (or an earlier run) put it on a ticket before the script's answer came here
                    Map<String, Object> d = callDetail(w.rec(), true);
                    d.put("numberGivenToPbx", in.givenNumber());
                    events.add(new Event(w.rec().ticketId(), "CALL", d));
                }
            }
            return placed;
        }

        /** One statement: every call's record on its ticket (see {@link #WRITE}). */
        private Uni<List<Written>> write(Collection<Intake> intakes, Map<String, Target> targetOf, ServiceCalendar cal) {
            int m = intakes.size();
            String[] linked = new String[m];
            Long[] ticket = new Long[m];
            String[] caller = new String[m];
            Boolean[] withheld = new Boolean[m];
            OffsetDateTime[] started = new OffsetDateTime[m];
            OffsetDateTime[] routed = new OffsetDateTime[m];
            Boolean[] office = new Boolean[m];
            String[] source = new String[m];
            String[] route = new String[m];
            String[] queue = new String[m];
            int i = 0;
            for (Intake in : intakes) {
                Target t = targetOf.get(in.linkedId());
                linked[i] = in.linkedId();
                ticket[i] = t == null ? null : t.id; // none: on a ticket already, which its record keeps
                caller[i] = callerOf.get(in.linkedId());
                withheld[i] = caller[i] == null; // withheld, or not a phone number: nothing to call back
                started[i] = utc(in.at());
                Instant decided = routedAt.getOrDefault(in.linkedId(), in.at());
                routed[i] = routedAt.containsKey(in.linkedId()) ? utc(decided) : null;
                office[i] = cal.isOfficeHours(decided); // this call's, as routed; not the joined ticket's
                source[i] = in.source();
                route[i] = in.route();
                queue[i] = in.queue();
                i++;
            }
            return c.preparedQuery(WRITE)
                    .execute(Tuple.from(Arrays.asList(utc(now), linked, ticket, caller, withheld, started, office, source,
                            route, queue, routed)))
                    .map(rows -> {
                        List<Written> out = new ArrayList<>();
                        rows.forEach(r -> out.add(new Written(Rec.of(r), r.getString("number"))));
                        return out;
                    });
        }

        /**
         * A ticket a call opens: the number promised (or found), the caller, received when the call came, of
         * the shift of the instant that routed the call (the same that decided its route and office hours),
         * owned by the call-back queue's owner of that instant until someone answers the call.
         */
        private TicketOpening.NewTicket newTicket(String number, String caller, Instant receivedAt, Instant shiftAt) {
            return new TicketOpening.NewTicket(number, caller, CALL_CATEGORY, null, null, null, receivedAt,
                    callBack.ownerAt(shiftAt), shiftAt);
        }

        /**
         * Ended calls hand their outcome to their ticket, once: every outcome is an event; an unanswered
         * call puts an open ticket into CALLBACK, and a withheld one also exempts its deadlines (no call-back possible).
         */
        private Uni<Void> applyOutcomes(List<Rec> recs) {
            List<Rec> ended = recs.stream().filter(r -> r.ticketId() != null && !r.applied()
                    && !CallOutcome.IN_PROGRESS.name().equals(r.outcome())).toList();
            if (ended.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            TreeSet<Long> callback = new TreeSet<>();
            TreeSet<Long> exempt = new TreeSet<>();
            List<Rec> missedCalls = new ArrayList<>();
            List<Rec> forwarded = new ArrayList<>();
            Map<Long, Long> answerers = new LinkedHashMap<>(); // per ticket, the first call's who answered
            for (Rec r : ended) {
                if (CallOutcome.FORWARDED.name().equals(r.outcome()) && r.answeredBy() != null) {
                    forwarded.add(r);
                }
                events.add(new Event(r.ticketId(), "CALL_" + r.outcome(), callDetail(r, false)));
                if (!CallOutcome.valueOf(r.outcome()).unanswered() && r.answeredBy() != null) {
                    answerers.putIfAbsent(r.ticketId(), r.answeredBy());
                }
                if (CallOutcome.valueOf(r.outcome()).unanswered()) {
                    callback.add(r.ticketId());
                    missedCalls.add(r);
                    if (r.withheld()) {
                        exempt.add(r.ticketId());
                    }
                }
            }
            List<Uni<Void>> statements = new ArrayList<>(5); // independent: sent together, run in this order
            statements.add(c.preparedQuery("UPDATE call_record SET outcome_applied = true WHERE id = ANY($1::bigint[])")
                    .execute(Tuple.of((Object) ended.stream().map(Rec::id).toArray(Long[]::new))).replaceWithVoid());
            if (!callback.isEmpty()) {
                statements.add(outcomes.askForCallBack(c, callback, now));
            }
            if (!exempt.isEmpty()) {
                statements.add(outcomes.exemptOwed(c, exempt, WITHHELD_REASON, PBX.username(), now)
                        .invoke(exempted -> exempted.forEach(e -> events.add(new Event(e.ticketId(), "DEADLINE_EXEMPTED",
                                e.detail()))))
                        .replaceWithVoid());
            }
            if (!missedCalls.isEmpty()) {
                statements.add(outcomes.tellOfMissedCalls(c, missedCalls.stream().map(Rec::id).toArray(Long[]::new),
                        missedCalls.stream().map(Rec::ticketId).toArray(Long[]::new), now));
            }
            if (!forwarded.isEmpty()) {
                statements.add(outcomes.tellOfForwardedCalls(c, forwarded.stream().map(Rec::id).toArray(Long[]::new),
                        forwarded.stream().map(Rec::ticketId).toArray(Long[]::new),
                        forwarded.stream().map(Rec::answeredBy).toArray(Long[]::new), now));
            }
            if (!answerers.isEmpty()) {
                statements.add(outcomes.giveToAnswerer(c, answerers, openedIds, PBX.username(), now)
                        .invoke(taken -> taken.forEach(o -> events.add(new Event(o.ticketId(), "ASSIGNED", o.detail()))))
                        .replaceWithVoid());
            }
            return Uni.join().all(statements).andFailFast().replaceWithVoid();
        }

        /** The history of every ticket the batch touched, in the order things happened. */
        private Uni<Void> writeEvents() {
            if (events.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int n = events.size();
            Long[] ticket = new Long[n];
            String[] type = new String[n];
            String[] detail = new String[n];
            for (int i = 0; i < n; i++) {
                Event e = events.get(i);
                ticket[i] = e.ticketId();
                type[i] = e.type();
                detail[i] = toJson(e.detail());
            }
            return c.preparedQuery("""
                            INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                            SELECT x.t, $4::timestamptz, $5, x.ty, x.d
                              FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS x(t, ty, d, i)
                             ORDER BY x.i""")
                    .execute(Tuple.from(Arrays.asList(ticket, type, detail, utc(now), PBX.username())))
                    .replaceWithVoid();
        }

        private String toJson(Map<String, Object> detail) {
            try {
                return json.writeValueAsString(detail);
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("event detail is not serialisable", ex);
            }
        }

    }

    /** What a call's event records: the call, its outcome and route, who answered it, whether it joined the ticket. */
    private static Map<String, Object> callDetail(Rec r, boolean joined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callId", r.id());
        d.putAll(callDetailButId(r.linkedId(), r.outcome(), r.route(), r.answeredByName(), joined));
        return d;
    }

    /** {@link #callDetail} but for the call's id, which comes first; the linked id always follows it. */
    private static Map<String, Object> callDetailButId(String linkedId, String outcome, String route, String answeredBy,
            boolean joined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("linkedId", linkedId);
        d.put("outcome", outcome);
        if (route != null) {
            d.put("route", route);
        }
        if (answeredBy != null) {
            d.put("answeredBy", answeredBy);
        }
        if (joined) {
            d.put("joined", true);
        }
        return d;
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
