package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.Shift;
import com.evhotline.call.CallOutcome;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DeadlinePolicy;
import com.evhotline.deadline.TicketDeadlines;
import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.deadline.repository.DeadlineTimerRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.service.TicketNumbers;
import com.evhotline.ticket.service.TicketService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts every call on a ticket, exactly once, whichever side tells of it first (the routing script or
 * the AMI link): a call joins the open ticket of the same number within the merge window (withheld
 * numbers never merge), and an unanswered call puts its ticket into CALLBACK once it has ended.
 *
 * <p>Many calls at a time, in one transaction of a fixed number of set-based statements (a burst of
 * calls costs about as much as one call): the ticket with its customer, deadlines, timers and history,
 * the call record, and the outcome. The rules are those of {@link TicketService#open} and
 * {@link TicketDeadlines}, whose policy and event details this reuses.
 */
@ApplicationScoped
public class CallTicketService {

    /** The actor recorded for what the PBX side writes. */
    public static final CurrentUser PBX = CurrentUser.system("pbx");
    static final int CALL_LOCK = 1;
    static final int CALLER_LOCK = 2;
    static final String WITHHELD_REASON = "the caller withheld the number: a missed call cannot be called back";
    private static final Category CALL_CATEGORY = Category.GENERAL_QUALITY;

    /** A call to place on a ticket; {@code promisedNumber} is the number the PBX was already given, if any. */
    public record Intake(String linkedId, String callerRaw, Instant at, String route, String queue,
            String promisedNumber, String source) {
    }

    /** The ticket a call is on. */
    public record Placed(Long callId, Long ticketId, String number, boolean joined) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final TicketDeadlines deadlines;
    private final DeadlineTimerRepository timers;
    private final TicketNumbers numbers;
    private final CalendarService calendar;
    private final PhoneNumbers phones;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration mergeWindow;

    public CallTicketService(Pool pool, ObjectMapper json, TicketDeadlines deadlines, DeadlineTimerRepository timers,
            TicketNumbers numbers, CalendarService calendar, PhoneNumbers phones, Clock clock, ZoneId zone,
            @ConfigProperty(name = "hotline.calls.merge-window", defaultValue = "PT24H") Duration mergeWindow) {
        this.pool = pool;
        this.json = json;
        this.deadlines = deadlines;
        this.timers = timers;
        this.numbers = numbers;
        this.calendar = calendar;
        this.phones = phones;
        this.clock = clock;
        this.zone = zone;
        this.mergeWindow = mergeWindow;
    }

    /** The caller number to store: E.164, or null when withheld or not a number at all. */
    public String callerNumber(String raw) {
        return PhoneNumbers.isWithheld(raw) ? null : phones.tryNormalise(raw).orElse(null);
    }

    /** Places one call on its ticket (opening one or joining the caller's open one); idempotent per linked id. */
    public Uni<Placed> place(Intake in) {
        return placeAll(List.of(in)).map(placed -> placed.get(0));
    }

    /** {@link #place} for many calls in one transaction; the answer lists one per intake, in order. */
    public Uni<List<Placed>> placeAll(List<Intake> intakes) {
        if (intakes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(c -> new Batch(c, clock.instant()).place(intakes))
                .onFailure(CallTicketService::conflict).retry().atMost(3);
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
        return pool.withTransaction(c -> new Batch(c, clock.instant()).settle(linkedIds))
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
        return c.preparedQuery("""
                        SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1::int, h)
                          FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY 1) s) l""")
                .execute(Tuple.of(space, keys.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** A deadlock or serialisation failure between concurrent batches: the whole transaction is tried again. */
    private static boolean conflict(Throwable t) {
        return t instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    /** The ticket a call goes on: an open one found, or one this batch opens. */
    private static final class Target {
        Long id;
        String number;
        final Instant receivedAt;
        final boolean opened;
        Shift shift;
        boolean officeHours;
        String caller;

        Target(Long id, String number, Instant receivedAt, boolean opened) {
            this.id = id;
            this.number = number;
            this.receivedAt = receivedAt;
            this.opened = opened;
        }
    }

    /** The call record as written, with what its outcome needs. */
    private record Rec(Long id, String linkedId, Long ticketId, String outcome, boolean applied, boolean withheld,
            String answeredByName, String route) {
        static Rec of(Row r) {
            return new Rec(r.getLong("id"), r.getString("linked_id"), r.getLong("ticket_id"), r.getString("outcome"),
                    r.getBoolean("outcome_applied"), r.getBoolean("withheld"), r.getString("answered_by_name"),
                    r.getString("route"));
        }
    }

    private record Event(Long ticketId, String type, Map<String, Object> detail) {
    }

    /** One transaction's work; the events are written last, in the order they happened per ticket. */
    private final class Batch {
        private final SqlConnection c;
        private final Instant now;
        private final List<Event> events = new ArrayList<>();

        Batch(SqlConnection c, Instant now) {
            this.c = c;
            this.now = now;
        }

        Uni<List<Placed>> place(List<Intake> intakes) {
            Map<String, Intake> byId = new LinkedHashMap<>();
            intakes.forEach(in -> byId.putIfAbsent(in.linkedId(), in));
            return lockAll(c, CALL_LOCK, byId.keySet())
                    .chain(() -> c.preparedQuery("""
                                    SELECT linked_id, ticket_id, started_at FROM call_record WHERE linked_id = ANY($1::text[])""")
                            .execute(Tuple.of(byId.keySet().toArray(String[]::new))))
                    .chain(rows -> {
                        Map<String, Long> ticketOf = new HashMap<>();
                        Map<String, Instant> startedAt = new HashMap<>();
                        for (Row r : rows) {
                            ticketOf.put(r.getString(0), r.getLong(1));
                            startedAt.put(r.getString(0), r.getOffsetDateTime(2).toInstant());
                        }
                        Map<String, Instant> received = new HashMap<>();
                        List<Intake> attach = new ArrayList<>();
                        for (Intake in : byId.values()) {
                            Instant started = startedAt.get(in.linkedId());
                            received.put(in.linkedId(), started != null && started.isBefore(in.at()) ? started : in.at());
                            if (ticketOf.get(in.linkedId()) == null) {
                                attach.add(in);
                            }
                        }
                        attach.sort(Comparator.comparing((Intake in) -> received.get(in.linkedId()))
                                .thenComparing(Intake::linkedId));
                        TreeSet<String> callers = new TreeSet<>();
                        attach.forEach(in -> {
                            String n = callerNumber(in.callerRaw());
                            if (n != null) {
                                callers.add(n);
                            }
                        });
                        return lockAll(c, CALLER_LOCK, callers)
                                .chain(() -> openTickets(callers))
                                .chain(open -> attach(byId, attach, received, open, ticketOf))
                                .map(placedById -> {
                                    List<Placed> out = new ArrayList<>(intakes.size());
                                    intakes.forEach(in -> out.add(placedById.get(in.linkedId())));
                                    return out;
                                });
                    });
        }

        Uni<Void> settle(Collection<String> linkedIds) {
            return lockAll(c, CALL_LOCK, linkedIds)
                    .chain(() -> c.preparedQuery("""
                                    SELECT id, linked_id, ticket_id, outcome, outcome_applied, withheld, answered_by_name, route
                                      FROM call_record
                                     WHERE linked_id = ANY($1::text[]) AND ticket_id IS NOT NULL
                                       AND outcome <> 'IN_PROGRESS' AND NOT outcome_applied""")
                            .execute(Tuple.of(linkedIds.toArray(String[]::new))))
                    .chain(rows -> {
                        List<Rec> recs = new ArrayList<>();
                        rows.forEach(r -> recs.add(Rec.of(r)));
                        return applyOutcomes(recs);
                    })
                    .chain(this::writeEvents);
        }

        /** The latest open ticket of each caller within the widest merge window any of this batch's calls needs. */
        private Uni<Map<String, Target>> openTickets(Collection<String> callers) {
            Map<String, Target> open = new HashMap<>();
            if (callers.isEmpty()) {
                return Uni.createFrom().item(open);
            }
            return c.preparedQuery("""
                            SELECT DISTINCT ON (caller_number) caller_number, id, number, received_at FROM ticket
                             WHERE caller_number = ANY($1::text[]) AND status NOT IN ('RESOLVED', 'CLOSED')
                             ORDER BY caller_number, received_at DESC""")
                    .execute(Tuple.of(callers.toArray(String[]::new)))
                    .map(rows -> {
                        for (Row r : rows) {
                            open.put(r.getString(0), new Target(r.getLong(1), r.getString(2),
                                    r.getOffsetDateTime(3).toInstant(), false));
                        }
                        return open;
                    });
        }

        private Uni<Map<String, Placed>> attach(Map<String, Intake> byId, List<Intake> attach,
                Map<String, Instant> received, Map<String, Target> open, Map<String, Long> ticketOf) {
            ServiceCalendar cal = calendar.current();
            Map<String, Target> targetOf = new HashMap<>();
            Map<String, Boolean> joined = new HashMap<>();
            List<Target> opened = new ArrayList<>();
            for (Intake in : attach) {
                String caller = callerNumber(in.callerRaw());
                Instant at = received.get(in.linkedId());
                Target t = caller == null ? null : open.get(caller);
                if (t != null && !t.receivedAt.isBefore(at.minus(mergeWindow))) {
                    joined.put(in.linkedId(), true);
                } else {
                    t = new Target(null, in.promisedNumber(), at, true);
                    t.caller = caller;
                    t.shift = cal.shiftAt(at);
                    t.officeHours = cal.isOfficeHours(at);
                    opened.add(t);
                    joined.put(in.linkedId(), false);
                    if (caller != null) {
                        open.put(caller, t); // the caller's next call in this batch joins it
                    }
                }
                targetOf.put(in.linkedId(), t);
            }
            return openAll(opened)
                    .chain(() -> writeRecords(byId.values(), targetOf, received, cal))
                    .chain(recs -> {
                        Map<String, Placed> placed = new HashMap<>();
                        List<Long> alreadyOn = new ArrayList<>();
                        for (Rec r : recs) {
                            Target t = targetOf.get(r.linkedId());
                            if (t != null) {
                                Intake in = byId.get(r.linkedId());
                                Map<String, Object> d = callDetail(r, joined.get(r.linkedId()));
                                if (in.promisedNumber() != null && !in.promisedNumber().equals(t.number)) {
                                    d.put("numberGivenToPbx", in.promisedNumber()); // kept on record: not a ticket
                                }
                                events.add(new Event(t.id, "CALL", d));
                                placed.put(r.linkedId(), new Placed(r.id(), t.id, t.number, joined.get(r.linkedId())));
                            } else {
                                alreadyOn.add(r.ticketId());
                            }
                        }
                        return numbersOf(alreadyOn)
                                .invoke(number -> recs.stream().filter(r -> !targetOf.containsKey(r.linkedId()))
                                        .forEach(r -> placed.put(r.linkedId(),
                                                new Placed(r.id(), r.ticketId(), number.get(r.ticketId()), true))))
                                .chain(() -> applyOutcomes(recs))
                                .chain(this::writeEvents)
                                .replaceWith(placed);
                    });
        }

        /** Opens the batch's new tickets: numbers, customers, tickets, deadlines with their timers. */
        private Uni<Void> openAll(List<Target> opened) {
            if (opened.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            for (Target t : opened) {
                if (t.number == null) {
                    t.number = numbers.next(day(t)); // from memory, as the routing script takes them
                }
            }
            return counterNumbers(opened)
                    .chain(() -> customers(opened))
                    .chain(customerOf -> {
                        int n = opened.size();
                        String[] number = new String[n];
                        String[] caller = new String[n];
                        Long[] customer = new Long[n];
                        OffsetDateTime[] at = new OffsetDateTime[n];
                        String[] shift = new String[n];
                        Boolean[] office = new Boolean[n];
                        for (int i = 0; i < n; i++) {
                            Target t = opened.get(i);
                            number[i] = t.number;
                            caller[i] = t.caller;
                            customer[i] = t.caller == null ? null : customerOf.get(t.caller);
                            at[i] = utc(t.receivedAt);
                            shift[i] = t.shift.name();
                            office[i] = t.officeHours;
                        }
                        return c.preparedQuery("""
                                        INSERT INTO ticket (number, status, category, caller_number, customer_id, received_at,
                                                            shift, office_hours, created_at, updated_at)
                                        SELECT x.n, 'OPEN', $1::text, x.c, x.cu, x.r, x.s, x.o, $2::timestamptz, $2::timestamptz
                                          FROM unnest($3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[],
                                                      $8::boolean[]) WITH ORDINALITY AS x(n, c, cu, r, s, o, i)
                                         ORDER BY x.i
                                        RETURNING id, number""")
                                .execute(Tuple.from(Arrays.asList(CALL_CATEGORY.name(), utc(now), number, caller, customer,
                                        at, shift, office)))
                                .invoke(rows -> {
                                    Map<String, Long> idOf = new HashMap<>();
                                    rows.forEach(r -> idOf.put(r.getString(1), r.getLong(0)));
                                    opened.forEach(t -> t.id = idOf.get(t.number));
                                });
                    })
                    .chain(() -> addDeadlines(opened));
        }

        private LocalDate day(Target t) {
            return t.receivedAt.atZone(zone).toLocalDate();
        }

        /** Numbers from the day's counter row for tickets nothing in memory could number (a long outage). */
        private Uni<Void> counterNumbers(List<Target> opened) {
            Map<LocalDate, List<Target>> unnumbered = new TreeMap<>();
            opened.stream().filter(t -> t.number == null)
                    .forEach(t -> unnumbered.computeIfAbsent(day(t), d -> new ArrayList<>()).add(t));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var e : unnumbered.entrySet()) {
                LocalDate day = e.getKey();
                List<Target> ts = e.getValue();
                chain = chain.chain(() -> c.preparedQuery("""
                                INSERT INTO ticket_number_counter (day, last) VALUES ($1, $2)
                                ON CONFLICT (day) DO UPDATE SET last = ticket_number_counter.last + $2
                                RETURNING last""")
                        .execute(Tuple.of(day, ts.size()))
                        .invoke(rows -> {
                            int last = rows.iterator().next().getInteger(0);
                            for (int i = 0; i < ts.size(); i++) {
                                ts.get(i).number = TicketNumbers.format(day, last - ts.size() + 1 + i);
                            }
                        })
                        .replaceWithVoid());
            }
            return chain;
        }

        /** The callers as customers (in one order, so concurrent batches lock the rows alike): id per number. */
        private Uni<Map<String, Long>> customers(List<Target> opened) {
            TreeSet<String> phones = new TreeSet<>();
            opened.forEach(t -> {
                if (t.caller != null) {
                    phones.add(t.caller);
                }
            });
            Map<String, Long> idOf = new HashMap<>();
            if (phones.isEmpty()) {
                return Uni.createFrom().item(idOf);
            }
            return c.preparedQuery("""
                            INSERT INTO customer (phone, name, created_at, updated_at)
                            SELECT p, NULL, $2::timestamptz, $2::timestamptz FROM unnest($1::text[]) AS p ORDER BY p
                            ON CONFLICT (phone) DO UPDATE SET updated_at = excluded.updated_at
                            RETURNING id, phone""")
                    .execute(Tuple.of(phones.toArray(String[]::new), utc(now)))
                    .map(rows -> {
                        rows.forEach(r -> idOf.put(r.getString(1), r.getLong(0)));
                        return idOf;
                    });
        }

        private Uni<Void> addDeadlines(List<Target> opened) {
            List<Long> ticket = new ArrayList<>();
            List<String> kind = new ArrayList<>();
            List<OffsetDateTime> due = new ArrayList<>();
            List<OffsetDateTime> warning = new ArrayList<>();
            Instant soonest = null;
            for (Target t : opened) {
                events.add(new Event(t.id, "OPENED", TicketService.opened(asTicket(t))));
                for (DeadlinePolicy.Due d : deadlines.dueFor(CALL_CATEGORY, t.shift, t.receivedAt)) {
                    Instant warn = deadlines.warningAt(t.receivedAt, t.shift, d.kind());
                    ticket.add(t.id);
                    kind.add(d.kind().name());
                    due.add(utc(d.dueAt()));
                    warning.add(utc(warn));
                    Instant first = warn.isBefore(d.dueAt()) ? warn : d.dueAt();
                    soonest = soonest == null || first.isBefore(soonest) ? first : soonest;
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("kind", d.kind());
                    detail.put("dueAt", d.dueAt().toString());
                    detail.put("shift", t.shift);
                    events.add(new Event(t.id, "DEADLINE_ADDED", detail));
                }
            }
            if (ticket.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            boolean wake = timers.wakesEngines(soonest, now);
            long wakeAt = soonest.toEpochMilli();
            return c.preparedQuery("""
                            WITH d AS (
                                INSERT INTO deadline (ticket_id, kind, due_at, state)
                                SELECT x.t, x.k, x.d, 'PENDING'
                                  FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS x(t, k, d, i)
                                 ORDER BY x.i
                                RETURNING id, ticket_id, kind, due_at),
                            w AS (SELECT d.id, d.ticket_id, d.kind, x.w FROM d
                                    JOIN unnest($1::bigint[], $2::text[], $4::timestamptz[]) AS x(t, k, w)
                                      ON x.t = d.ticket_id AND x.k = d.kind)
                            INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                            SELECT id, ticket_id, 'WARNING', 0, w, w, 'PENDING', $5::timestamptz FROM w
                            UNION ALL
                            SELECT id, ticket_id, 'BREACH', 0, due_at, due_at, 'PENDING', $5::timestamptz FROM d""")
                    .execute(Tuple.from(Arrays.asList(ticket.toArray(Long[]::new), kind.toArray(String[]::new),
                            due.toArray(OffsetDateTime[]::new), warning.toArray(OffsetDateTime[]::new), utc(now))))
                    .chain(() -> wake ? c.preparedQuery("SELECT pg_notify($1, $2)")
                            .execute(Tuple.of(DeadlineEngine.CHANNEL, Long.toString(wakeAt))).replaceWithVoid()
                            : Uni.createFrom().voidItem());
        }

        /** Writes every call's record with its ticket (a record the AMI side wrote first keeps what it knew). */
        private Uni<List<Rec>> writeRecords(Collection<Intake> intakes, Map<String, Target> targetOf,
                Map<String, Instant> received, ServiceCalendar cal) {
            int n = intakes.size();
            String[] linked = new String[n];
            Long[] ticket = new Long[n];
            String[] caller = new String[n];
            Boolean[] withheld = new Boolean[n];
            OffsetDateTime[] started = new OffsetDateTime[n];
            Boolean[] office = new Boolean[n];
            String[] source = new String[n];
            String[] route = new String[n];
            String[] queue = new String[n];
            int i = 0;
            for (Intake in : intakes) {
                Target t = targetOf.get(in.linkedId());
                linked[i] = in.linkedId();
                ticket[i] = t == null ? null : t.id;
                caller[i] = callerNumber(in.callerRaw());
                withheld[i] = PhoneNumbers.isWithheld(in.callerRaw());
                started[i] = utc(in.at());
                office[i] = cal.isOfficeHours(in.at()); // this call's, not the joined ticket's
                source[i] = in.source();
                route[i] = in.route();
                queue[i] = in.queue();
                i++;
            }
            return c.preparedQuery("""
                            INSERT INTO call_record AS c (linked_id, ticket_id, caller_number, withheld, started_at, outcome,
                                                          office_hours, source, route, queue, updated_at)
                            SELECT x.l, x.t, x.c, x.w, x.s, 'IN_PROGRESS', x.o, x.src, x.r, x.q, $10::timestamptz
                              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::boolean[], $5::timestamptz[],
                                          $6::boolean[], $7::text[], $8::text[], $9::text[])
                                   WITH ORDINALITY AS x(l, t, c, w, s, o, src, r, q, i)
                             ORDER BY x.i
                            ON CONFLICT (linked_id) DO UPDATE SET
                                ticket_id = coalesce(c.ticket_id, EXCLUDED.ticket_id),
                                route = coalesce(c.route, EXCLUDED.route),
                                queue = coalesce(c.queue, EXCLUDED.queue),
                                updated_at = EXCLUDED.updated_at
                            RETURNING c.id, c.linked_id, c.ticket_id, c.outcome, c.outcome_applied, c.withheld,
                                      c.answered_by_name, c.route""")
                    .execute(Tuple.from(Arrays.asList(linked, ticket, caller, withheld, started, office, source, route,
                            queue, utc(now))))
                    .map(rows -> {
                        List<Rec> recs = new ArrayList<>();
                        rows.forEach(r -> recs.add(Rec.of(r)));
                        return recs;
                    });
        }

        private Uni<Map<Long, String>> numbersOf(List<Long> ticketIds) {
            Map<Long, String> out = new HashMap<>();
            if (ticketIds.isEmpty()) {
                return Uni.createFrom().item(out);
            }
            return c.preparedQuery("SELECT id, number FROM ticket WHERE id = ANY($1::bigint[])")
                    .execute(Tuple.of(ticketIds.toArray(Long[]::new)))
                    .map(rows -> {
                        rows.forEach(r -> out.put(r.getLong(0), r.getString(1)));
                        return out;
                    });
        }

        /**
         * Ended calls hand their outcome to their ticket, once: every outcome is an event; an unanswered
         * call puts an open ticket into CALLBACK, and a withheld one also exempts REPLY (no call-back possible).
         */
        private Uni<Void> applyOutcomes(List<Rec> recs) {
            List<Rec> ended = recs.stream().filter(r -> r.ticketId() != null && !r.applied()
                    && !CallOutcome.IN_PROGRESS.name().equals(r.outcome())).toList();
            if (ended.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            TreeSet<Long> callback = new TreeSet<>();
            TreeSet<Long> exempt = new TreeSet<>();
            for (Rec r : ended) {
                events.add(new Event(r.ticketId(), "CALL_" + r.outcome(), callDetail(r, false)));
                if (CallOutcome.valueOf(r.outcome()).unanswered()) {
                    callback.add(r.ticketId());
                    if (r.withheld()) {
                        exempt.add(r.ticketId());
                    }
                }
            }
            Uni<Void> chain = c.preparedQuery("UPDATE call_record SET outcome_applied = true WHERE id = ANY($1::bigint[])")
                    .execute(Tuple.of(ended.stream().map(Rec::id).toArray(Long[]::new))).replaceWithVoid();
            if (!callback.isEmpty()) {
                chain = chain.chain(() -> c.preparedQuery("""
                                UPDATE ticket SET status = $2, updated_at = $3::timestamptz, version = version + 1
                                 WHERE id = ANY($1::bigint[]) AND status = $4""")
                        .execute(Tuple.of(callback.toArray(Long[]::new), TicketStatus.CALLBACK.name(), utc(now),
                                TicketStatus.OPEN.name()))
                        .replaceWithVoid());
            }
            if (!exempt.isEmpty()) {
                chain = chain.chain(() -> exemptReply(exempt));
            }
            return chain;
        }

        /** REPLY exempted for withheld callers, while it is pending and not yet due (as a person would). */
        private Uni<Void> exemptReply(Collection<Long> ticketIds) {
            return c.preparedQuery("""
                            WITH d AS (
                                UPDATE deadline SET state = 'EXEMPT'
                                 WHERE ticket_id = ANY($1::bigint[]) AND kind = 'REPLY' AND state = 'PENDING'
                                   AND due_at >= $2::timestamptz
                                RETURNING id, ticket_id, due_at),
                            e AS (
                                INSERT INTO exemption (ticket_id, deadline_id, kind, reason, created_by, created_at)
                                SELECT ticket_id, id, 'REPLY', $3, $4, $2::timestamptz FROM d),
                            t AS (
                                UPDATE deadline_timer SET state = 'CANCELLED'
                                 WHERE deadline_id IN (SELECT id FROM d) AND state = 'PENDING')
                            SELECT ticket_id, due_at FROM d ORDER BY ticket_id""")
                    .execute(Tuple.of(ticketIds.toArray(Long[]::new), utc(now), WITHHELD_REASON, PBX.username()))
                    .invoke(rows -> rows.forEach(r -> {
                        Map<String, Object> detail = new LinkedHashMap<>();
                        detail.put("kind", DeadlineKind.REPLY);
                        detail.put("reason", WITHHELD_REASON);
                        detail.put("dueAt", r.getOffsetDateTime(1).toInstant().toString());
                        events.add(new Event(r.getLong(0), "DEADLINE_EXEMPTED", detail));
                    }))
                    .replaceWithVoid();
        }

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
                try {
                    detail[i] = json.writeValueAsString(e.detail());
                } catch (JsonProcessingException ex) {
                    throw new IllegalArgumentException("event detail is not serialisable", ex);
                }
            }
            return c.preparedQuery("""
                            INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                            SELECT x.t, $4::timestamptz, $5, x.ty, x.d
                              FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS x(t, ty, d, i)
                             ORDER BY x.i""")
                    .execute(Tuple.from(Arrays.asList(ticket, type, detail, utc(now), PBX.username())))
                    .replaceWithVoid();
        }

        private Ticket asTicket(Target t) {
            Ticket ticket = new Ticket();
            ticket.number = t.number;
            ticket.category = CALL_CATEGORY;
            ticket.callerNumber = t.caller;
            ticket.receivedAt = t.receivedAt;
            ticket.shift = t.shift;
            ticket.officeHours = t.officeHours;
            return ticket;
        }
    }

    private static Map<String, Object> callDetail(Rec r, boolean joined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callId", r.id());
        d.put("linkedId", r.linkedId());
        d.put("outcome", r.outcome());
        if (r.route() != null) {
            d.put("route", r.route());
        }
        if (r.answeredByName() != null) {
            d.put("answeredBy", r.answeredByName());
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
