package com.evhotline.ticket.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.Shift;
import com.evhotline.customer.repository.CustomerRepository;
import com.evhotline.db.PipelinedTransaction;
import com.evhotline.deadline.DeadlinePolicy;
import com.evhotline.deadline.repository.DeadlineTimerRepository;
import com.evhotline.notification.NotificationService;
import com.evhotline.ticket.Category;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every ticket is born, by hand or by a call: the customer (found or created by phone), the
 * vehicle, the ticket with its shift and office hours at the instant it was received, the deadlines the
 * policy gives its category and shift with a warning and a breach timer each, its first history
 * (OPENED, then DEADLINE_ADDED per deadline), the deadline engines woken when a timer is near and, for
 * a major incident, the leaders told.
 *
 * <p>Set-based: a batch of tickets costs one statement ({@link #OPEN}), whoever opens it. The API opens
 * a batch of one ({@link #open(List, String, Instant)}); the call intake opens a batch of calls' tickets
 * in its own transaction ({@link #open(SqlConnection, List, String, Instant)}), or, for calls it expects
 * to be fresh, as statements of a transaction sent at once ({@link #openAtOnce}) under a condition it
 * states (the calls not recorded yet, of callers with no open ticket), checked in the statement.
 */
@ApplicationScoped
public class TicketOpening {

    /**
     * A ticket to open. {@code number}: allocated by {@link TicketNumbers} (null: the day's counter gives
     * one in the opening transaction); {@code caller} in E.164, a short number, or null (withheld, or no phone
     * number); {@code shiftAt}: the instant whose shift and office hours the ticket takes (its receipt, or for a
     * call the instant that routed it; null: its receipt); {@code fault}: as {@link Faults} keeps it, or null.
     */
    public record NewTicket(String number, String caller, Category category, String customerName, String vin,
            String description, Instant receivedAt, Long assigneeId, Instant shiftAt, String fault) {
        public NewTicket {
            shiftAt = shiftAt == null ? receivedAt : shiftAt;
        }

        /** A ticket a call opens: nobody has named its fault yet. */
        public NewTicket(String number, String caller, Category category, String customerName, String vin,
                String description, Instant receivedAt, Long assigneeId, Instant shiftAt) {
            this(number, caller, category, customerName, vin, description, receivedAt, assigneeId, shiftAt, null);
        }
    }

    /** One entry of a new ticket's first history. */
    private record History(String number, String type, Map<String, Object> detail) {
    }

    /** A ticket opened: its id and number. */
    public record Opened(Long id, String number) {
    }

    private final CalendarService calendar;
    private final DeadlinePolicy policy;
    private final TicketDeadlines deadlines;
    private final DeadlineTimerRepository timers;
    private final TicketNumbers numbers;
    private final NotificationService notifications;
    private final Pool pool;
    private final ObjectMapper json;
    private final ZoneId zone;

    public TicketOpening(CalendarService calendar, DeadlinePolicy policy, TicketDeadlines deadlines,
            DeadlineTimerRepository timers, TicketNumbers numbers, NotificationService notifications, Pool pool,
            ObjectMapper json, ZoneId zone) {
        this.calendar = calendar;
        this.policy = policy;
        this.deadlines = deadlines;
        this.timers = timers;
        this.numbers = numbers;
        this.notifications = notifications;
        this.pool = pool;
        this.json = json;
        this.zone = zone;
    }

    /**
     * A batch worked out by the rules, ready to write: each ticket's shift and office hours by the
     * calendar at its {@code shiftAt}, its deadlines from its receipt by the policy with their warnings, its first history.
     */
    public final class Prepared {
        private final List<NewTicket> tickets;
        private final Shift[] shifts;
        private final Boolean[] officeHours;
        private final List<String> dlNumbers = new ArrayList<>();
        private final List<String> dlKinds = new ArrayList<>();
        private final List<OffsetDateTime> dlDues = new ArrayList<>();
        private final List<OffsetDateTime> dlWarnings = new ArrayList<>();
        private final List<History> history = new ArrayList<>();
        private Instant soonestTimer;

        private Prepared(List<NewTicket> tickets, ServiceCalendar cal) {
            this.tickets = tickets;
            int n = tickets.size();
            shifts = new Shift[n];
            officeHours = new Boolean[n];
            for (int i = 0; i < n; i++) {
                NewTicket t = tickets.get(i);
                if (t.number() == null) {
                    throw new IllegalStateException("a ticket to open has no number yet: " + t);
                }
                shifts[i] = cal.shiftAt(t.shiftAt());
                officeHours[i] = cal.isOfficeHours(t.shiftAt());
                history.add(new History(t.number(), "OPENED", opened(t, shifts[i], officeHours[i])));
                for (DeadlinePolicy.Due due : policy.deadlinesFor(t.category().needsDispatch(), shifts[i], t.receivedAt())) {
                    Instant warn = deadlines.warningAt(t.receivedAt(), shifts[i], due.kind());
                    dlNumbers.add(t.number());
                    dlKinds.add(due.kind().name());
                    dlDues.add(utc(due.dueAt()));
                    dlWarnings.add(utc(warn));
                    history.add(new History(t.number(), "DEADLINE_ADDED", TicketDeadlines.added(due, shifts[i])));
                    Instant first = warn.isBefore(due.dueAt()) ? warn : due.dueAt();
                    soonestTimer = soonestTimer == null || first.isBefore(soonestTimer) ? first : soonestTimer;
                }
            }
        }

        /** Whether the batch's {@code i}th ticket was received in office hours (by its {@code shiftAt}). */
        public boolean officeHours(int i) {
            return officeHours[i];
        }

        /** The parameters of {@link #OPEN}: the instant, the actor, the tickets, their deadlines and first history. */
        private List<Object> openParams(String actor, Instant now) {
            List<Object> params = new ArrayList<>(OPEN_PARAMS + 2);
            params.add(utc(now));
            params.add(actor);
            params.addAll(ticketColumns());
            params.addAll(deadlineColumns());
            params.addAll(historyColumns(history));
            return params;
        }

        /** The engines' wake-up on commit, when the soonest timer this batch plans is near enough. */
        private Optional<Tuple> wake(Instant now) {
            return timers.wakeArgs(soonestTimer, now);
        }

        /**
         * The parameters {@link #newTickets} reads, in its order: numbers, callers, categories, customer names,
         * VINs, descriptions, receipt instants, shifts, office hours, assignees.
         */
        private List<Object> ticketColumns() {
            int n = tickets.size();
            String[] number = new String[n];
            String[] caller = new String[n];
            String[] category = new String[n];
            String[] name = new String[n];
            String[] vin = new String[n];
            String[] description = new String[n];
            OffsetDateTime[] received = new OffsetDateTime[n];
            String[] shift = new String[n];
            Long[] assignee = new Long[n];
            for (int i = 0; i < n; i++) {
                NewTicket t = tickets.get(i);
                number[i] = t.number();
                caller[i] = t.caller();
                category[i] = t.category().name();
                name[i] = t.customerName();
                vin[i] = t.vin();
                description[i] = t.description();
                received[i] = utc(t.receivedAt());
                shift[i] = shifts[i].name();
                assignee[i] = t.assigneeId();
            }
            return Arrays.asList(number, caller, category, name, vin, description, received, shift, officeHours, assignee);
        }

        /** The parameters of the deadlines {@link #OPEN} writes, in its order: ticket numbers, kinds, due and warning instants. */
        private List<Object> deadlineColumns() {
            return Arrays.asList(dlNumbers.toArray(String[]::new), dlKinds.toArray(String[]::new),
                    dlDues.toArray(OffsetDateTime[]::new), dlWarnings.toArray(OffsetDateTime[]::new));
        }
    }

    /** Works out a batch by the rules; every ticket must have its number. */
    public Prepared prepare(List<NewTicket> tickets) {
        return new Prepared(tickets, calendar.current());
    }

    /**
     * The relation {@code nt} of the tickets to open, from {@link Prepared#ticketColumns} at parameters
     * {@code $first}..., keeping those for which {@code condition} holds (SQL over the relation's columns).
     */
    private static String newTickets(int first, String condition) {
        return """
                nt AS (
                    SELECT * FROM unnest($%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[],
                                         $%d::timestamptz[], $%d::text[], $%d::boolean[], $%d::bigint[])
                                  WITH ORDINALITY AS nt(n, c, cat, nm, v, d, r, s, o, a, i)
                     WHERE %s),
                """.formatted(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7, first + 8,
                first + 9, condition);
    }

    /** How many parameters {@link #OPEN} takes after the instant and the actor: a condition's are numbered on from there. */
    private static final int OPEN_PARAMS = 17;

    /**
     * The statement that opens the tickets of relation {@code nt} for which {@code condition} holds:
     * {@code cu} and {@code ve} (customers by phone, vehicles by VIN: the customer side's), {@code t} (the
     * tickets), {@code dl} and {@code tm} (the deadlines and their timers: the deadline side's), {@code ev}
     * (the first history). {@code nt} has columns n number, c caller, cat category, nm customer name, v VIN,
     * d description, r received, s shift, o office hours, a assignee (none: the shift's supervisor, the first
     * active one), i position in the batch from 1. $1 the instant, $2 the actor, tickets at $3..$12, deadlines
     * at $13..$16, history at $17..$19. Answers the tickets opened: id and number.
     */
    private static String open(String condition) {
        return "WITH " + newTickets(3, condition) + CustomerRepository.upsertCtes("nt") + """
                t AS (
                    INSERT INTO ticket (number, status, category, caller_number, customer_id, customer_name, vehicle_id, vin,
                                        description, received_at, shift, office_hours, assignee_id, created_at, updated_at)
                    SELECT nt.n, 'OPEN', nt.cat, nt.c, cu.id, nt.nm, ve.id, nt.v, nt.d, nt.r, nt.s, nt.o,
                           coalesce(nt.a, (SELECT min(s.id) FROM staff s JOIN staff_role sr ON sr.staff_id = s.id
                                            WHERE s.active AND sr.role = 'supervisor')),
                           $1::timestamptz, $1::timestamptz
                      FROM nt LEFT JOIN cu ON cu.phone = nt.c LEFT JOIN ve ON ve.vin = nt.v
                     ORDER BY nt.i
                    RETURNING id, number),
                """ + DeadlineTimerRepository.insertCtes("t", 13) + """
                ev AS (
                    INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                    SELECT t.id, $1::timestamptz, $2, e.ty, e.d
                      FROM unnest($17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS e(n, ty, d, i)
                      JOIN t ON t.number = e.n
                     ORDER BY e.i)
                SELECT id, number FROM t""";
    }

    /** Every ticket of the batch opened. */
    static final String OPEN = open("true");

    /** The opening statement under each condition given to {@link #openAtOnce}, built once. */
    private static final Map<String, String> OPEN_ONLY = new ConcurrentHashMap<>();

    /**
     * A condition on the tickets of a batch, checked in the statement that opens them: SQL over the columns
     * of {@code nt} (see {@link #open(String)}; {@code nt.i} is a ticket's position in the batch, from 1) that
     * writes its own parameters {@code $%1$d}, {@code $%2$d}... (numbered on after the statement's own), and
     * their values. The SQL is a constant: the statement is prepared once per condition. It only chooses which of
     * the batch's tickets open, in the statement, under the caller's locks (the call intake's: calls not recorded
     * yet, of callers with no open ticket); what a ticket is born with stays here.
     */
    public record Only(String sql, List<Object> params) {
    }

    /** The faults given at opening ($2 ticket ids, $3 faults), recorded at $1 as a change records one. */
    static final String FAULTS = """
            UPDATE ticket t SET fault = f.fault, fault_at = $1::timestamptz
              FROM unnest($2::bigint[], $3::text[]) AS f(id, fault)
             WHERE t.id = f.id""";

    /**
     * Opens the tickets in one transaction of their own (see {@link #open(SqlConnection, List, String, Instant)}).
     * Answers the tickets in the order given.
     */
    public Uni<List<Opened>> open(List<NewTicket> tickets, String actor, Instant now) {
        return pool.withTransaction(c -> open(c, tickets, actor, now));
    }

    /**
     * Opens the tickets in the caller's transaction {@code c}, numbering those without a number (from memory,
     * else from the day's counter, whose row stays locked until the transaction ends); a fault given is
     * recorded, and a major incident tells the leaders, its history saying who was told. Answers the tickets
     * in the order given.
     */
    public Uni<List<Opened>> open(SqlConnection c, List<NewTicket> tickets, String actor, Instant now) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return numbered(c, tickets).chain(all -> {
            Prepared p = prepare(all);
            Uni<List<Opened>> opened = c.preparedQuery(OPEN).execute(Tuple.from(p.openParams(actor, now)))
                    .map(rows -> {
                        Map<String, Long> ids = new HashMap<>();
                        for (Row r : rows) {
                            ids.put(r.getString("number"), r.getLong("id"));
                        }
                        return all.stream().map(t -> new Opened(ids.get(t.number()), t.number())).toList();
                    });
            Uni<Void> wake = p.wake(now)
                    .map(args -> c.preparedQuery(DeadlineTimerRepository.WAKE).execute(args).replaceWithVoid())
                    .orElseGet(() -> Uni.createFrom().voidItem());
            return Uni.combine().all().unis(opened, wake).asTuple().map(done -> done.getItem1()) // sent together
                    .call(ids -> faults(c, all, ids, now))
                    .call(ids -> majorIncidents(c, all, ids, actor, now));
        });
    }

    /**
     * The statements that open, in a transaction sent at once ({@link PipelinedTransaction#atOnce}), the
     * tickets of a batch for which {@code only} holds when the statement runs: the opening statement,
     * answering the tickets opened (id, number), and the engines' wake-up when a timer is near. Every ticket
     * of such a batch has its number, names no fault and is no major incident (each would need an answer
     * before the next statement: {@link #open(SqlConnection, List, String, Instant)} opens those).
     */
    public List<PipelinedTransaction.Statement> openAtOnce(Prepared p, String actor, Instant now, Only only) {
        for (NewTicket t : p.tickets) {
            if (t.fault() != null || t.category() == Category.MAJOR_INCIDENT) {
                throw new IllegalArgumentException("a ticket with a fault or a major incident is opened in a transaction"
                        + " that waits for its answers, not at once: " + t);
            }
        }
        String sql = OPEN_ONLY.computeIfAbsent(only.sql(), condition -> open(condition.formatted(
                java.util.stream.IntStream.rangeClosed(OPEN_PARAMS + 3, OPEN_PARAMS + 2 + only.params().size())
                        .boxed().toArray())));
        List<Object> params = p.openParams(actor, now);
        params.addAll(only.params());
        List<PipelinedTransaction.Statement> statements = new ArrayList<>(2);
        statements.add(PipelinedTransaction.Statement.prepared(sql, Tuple.from(params)));
        p.wake(now).ifPresent(args -> statements.add(PipelinedTransaction.Statement.prepared(DeadlineTimerRepository.WAKE,
                args)));
        return statements;
    }

    /**
     * The numbers of the tickets given none: from memory, else from the day's counter in this transaction,
     * a day's at once and the days in order (two transactions lock the counter rows alike).
     */
    private Uni<List<NewTicket>> numbered(SqlConnection c, List<NewTicket> tickets) {
        String[] number = new String[tickets.size()];
        Map<LocalDate, List<Integer>> fromCounter = new TreeMap<>();
        for (int i = 0; i < tickets.size(); i++) {
            NewTicket t = tickets.get(i);
            LocalDate day = t.receivedAt().atZone(zone).toLocalDate();
            number[i] = t.number() != null ? t.number() : numbers.keptInMemory(day) ? numbers.next(day) : null;
            if (number[i] == null) {
                fromCounter.computeIfAbsent(day, d -> new ArrayList<>()).add(i);
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : fromCounter.entrySet()) {
            List<Integer> at = e.getValue();
            chain = chain.chain(() -> TicketNumbers.reserve(c, e.getKey(), at.size()).invoke(reserved -> {
                for (int k = 0; k < at.size(); k++) {
                    number[at.get(k)] = reserved.get(k);
                }
            }).replaceWithVoid());
        }
        return chain.map(done -> {
            List<NewTicket> out = new ArrayList<>(tickets.size());
            for (int i = 0; i < tickets.size(); i++) {
                NewTicket t = tickets.get(i);
                out.add(t.number() != null ? t : new NewTicket(number[i], t.caller(), t.category(), t.customerName(),
                        t.vin(), t.description(), t.receivedAt(), t.assigneeId(), t.shiftAt(), t.fault()));
            }
            return out;
        });
    }

    private static Uni<Void> faults(SqlConnection c, List<NewTicket> tickets, List<Opened> opened, Instant now) {
        List<Long> ids = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
            if (tickets.get(i).fault() != null) {
                ids.add(opened.get(i).id());
                faults.add(tickets.get(i).fault());
            }
        }
        return ids.isEmpty() ? Uni.createFrom().voidItem()
                : c.preparedQuery(FAULTS).execute(Tuple.of(utc(now), ids.toArray(Long[]::new),
                        faults.toArray(String[]::new))).replaceWithVoid();
    }

    private Uni<Void> majorIncidents(SqlConnection c, List<NewTicket> tickets, List<Opened> opened, String actor,
            Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < tickets.size(); i++) {
            if (tickets.get(i).category() != Category.MAJOR_INCIDENT) {
                continue;
            }
            Opened o = opened.get(i);
            chain = chain.chain(() -> notifications.majorIncident(c, o.id(), o.number(), now)
                    .chain(told -> c.preparedQuery("""
                                    INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                                    VALUES ($1, $2, $3, $4, $5)""")
                            .execute(Tuple.from(Arrays.asList(o.id(), utc(now), actor, MajorIncidents.eventType(told),
                                    toJson(MajorIncidents.eventDetail(told)))))
                            .replaceWithVoid()));
        }
        return chain;
    }

    /** The history as three parallel arrays (ticket numbers, types, details as JSON), in order. */
    private List<Object> historyColumns(List<History> history) {
        return Arrays.asList(history.stream().map(History::number).toArray(String[]::new),
                history.stream().map(History::type).toArray(String[]::new),
                history.stream().map(h -> toJson(h.detail())).toArray(String[]::new));
    }

    /** What the OPENED event of a ticket records. */
    static Map<String, Object> opened(NewTicket t, Shift shift, boolean officeHours) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("number", t.number());
        d.put("category", t.category());
        d.put("callerNumber", t.caller());
        d.put("receivedAt", t.receivedAt().toString());
        d.put("shift", shift);
        d.put("officeHours", officeHours);
        if (t.fault() != null) {
            d.put("fault", t.fault());
        }
        return d;
    }

    private String toJson(Map<String, Object> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("event detail is not serialisable", ex);
        }
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
