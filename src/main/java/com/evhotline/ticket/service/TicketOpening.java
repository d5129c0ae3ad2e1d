package com.evhotline.ticket.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.Shift;
import com.evhotline.customer.repository.CustomerRepository;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every ticket is born, by hand or by a call: the customer (found or created by phone), the
 * vehicle, the ticket with its shift and office hours at the instant it was received, the deadlines the
 * policy gives its category and shift with a warning and a breach timer each, its first history
 * (OPENED, then DEADLINE_ADDED per deadline) and, for a major incident, the leaders told.
 *
 * <p>Set-based: a batch of tickets costs one statement. The statement's writing part is {@link #ctes},
 * which reads the tickets to open from a relation {@code nt}; the API opens a batch of one through
 * {@link #open}, and the call intake embeds the same CTEs in its own one-round-trip statements, after the
 * checks that decide which calls open a ticket.
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
    public record History(String number, String type, Map<String, Object> detail) {
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

        public boolean officeHours(int i) {
            return officeHours[i];
        }

        /** The new tickets' first history, ticket by ticket in the batch's order. */
        public List<History> history() {
            return history;
        }

        /** The soonest timer the batch plans (null: none), to wake the engines for on commit. */
        public Instant soonestTimer() {
            return soonestTimer;
        }

        /**
         * The parameters {@link #newTickets} reads, in its order: numbers, callers, categories, customer names,
         * VINs, descriptions, receipt instants, shifts, office hours, assignees.
         */
        public List<Object> ticketColumns() {
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

        /** The parameters of the deadlines {@link #ctes} writes, in its order: ticket numbers, kinds, due and warning instants. */
        public List<Object> deadlineColumns() {
            return Arrays.asList(dlNumbers.toArray(String[]::new), dlKinds.toArray(String[]::new),
                    dlDues.toArray(OffsetDateTime[]::new), dlWarnings.toArray(OffsetDateTime[]::new));
        }
    }

    /** Works out a batch by the rules; every ticket must have its number. */
    public Prepared prepare(List<NewTicket> tickets) {
        return new Prepared(tickets, calendar.current());
    }

    /** The relation {@code nt} of the tickets to open, from {@link Prepared#ticketColumns} at parameters {@code $first}... */
    public static String newTickets(int first) {
        return newTickets(first, "true");
    }

    /**
     * {@link #newTickets(int)} keeping only the tickets for which {@code condition} holds (SQL over the
     * relation's columns, e.g. the number among those a statement decided to open).
     */
    public static String newTickets(int first, String condition) {
        return """
                nt AS (
                    SELECT * FROM unnest($%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[],
                                         $%d::timestamptz[], $%d::text[], $%d::boolean[], $%d::bigint[])
                                  WITH ORDINALITY AS nt(n, c, cat, nm, v, d, r, s, o, a, i)
                     WHERE %s),
                """.formatted(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7, first + 8,
                first + 9, condition);
    }

    /**
     * The CTEs that open the tickets of relation {@code nt}, each ending in a comma: {@code cu} and
     * {@code ve} (customers by phone, vehicles by VIN: the customer side's), {@code t} (the tickets,
     * answering id and number), {@code dl} and {@code tm} (the deadlines and their timers: the deadline
     * side's). {@code nt} has columns n number, c caller, cat category, nm customer name, v VIN,
     * d description, r received, s shift, o office hours, a assignee (none: the shift's supervisor, the
     * first active one), i order; the deadlines are
     * {@link Prepared#deadlineColumns} at parameters {@code $deadlines}...; {@code $1} is the instant.
     */
    public static String ctes(int deadlines) {
        return CustomerRepository.upsertCtes("nt") + """
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
                """ + DeadlineTimerRepository.insertCtes("t", deadlines);
    }

    /** The API's statement: $1 instant, $2 actor, tickets at $3..$12, deadlines at $13..$16, history at $17..$19. */
    static final String OPEN = "WITH " + newTickets(3) + ctes(13) + """
            ev AS (
                INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                SELECT t.id, $1::timestamptz, $2, e.ty, e.d
                  FROM unnest($17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS e(n, ty, d, i)
                  JOIN t ON t.number = e.n
                 ORDER BY e.i)
            SELECT id, number FROM t""";

    /** The faults given at opening ($2 ticket ids, $3 faults), recorded at $1 as a change records one. */
    static final String FAULTS = """
            UPDATE ticket t SET fault = f.fault, fault_at = $1::timestamptz
              FROM unnest($2::bigint[], $3::text[]) AS f(id, fault)
             WHERE t.id = f.id""";

    /**
     * Opens the tickets in one transaction of their own, numbering those without a number from the day's
     * counter in it; a fault given is recorded and a major incident tells the leaders in the same transaction,
     * and its history says who was told. Answers the tickets in the order given.
     */
    public Uni<List<Opened>> open(List<NewTicket> tickets, String actor, Instant now) {
        return pool.withTransaction(c -> numbered(c, tickets).chain(all -> {
            Prepared p = prepare(all);
            List<Object> params = new ArrayList<>();
            params.add(utc(now));
            params.add(actor);
            params.addAll(p.ticketColumns());
            params.addAll(p.deadlineColumns());
            params.addAll(historyColumns(p.history()));
            return c.preparedQuery(OPEN).execute(Tuple.from(params))
                    .map(rows -> {
                        Map<String, Long> ids = new LinkedHashMap<>();
                        for (Row r : rows) {
                            ids.put(r.getString("number"), r.getLong("id"));
                        }
                        return all.stream().map(t -> new Opened(ids.get(t.number()), t.number())).toList();
                    })
                    .call(() -> timers.wakeArgs(p.soonestTimer(), now)
                            .map(args -> c.preparedQuery(DeadlineTimerRepository.WAKE).execute(args).replaceWithVoid())
                            .orElseGet(() -> Uni.createFrom().voidItem()))
                    .call(opened -> faults(c, all, opened, now))
                    .call(opened -> majorIncidents(c, all, opened, actor, now));
        }));
    }

    /** The numbers of the tickets given none: from memory, else from the day's counter in this transaction. */
    private Uni<List<NewTicket>> numbered(SqlConnection c, List<NewTicket> tickets) {
        Uni<List<NewTicket>> chain = Uni.createFrom().item(new ArrayList<>());
        for (NewTicket t : tickets) {
            chain = chain.chain(done -> {
                LocalDate day = t.receivedAt().atZone(zone).toLocalDate();
                String fromMemory = t.number() != null ? t.number()
                        : numbers.keptInMemory(day) ? numbers.next(day) : null;
                Uni<String> number = fromMemory != null ? Uni.createFrom().item(fromMemory)
                        : TicketNumbers.reserve(c, day, 1).map(n -> n.get(0));
                return number.map(n -> {
                    done.add(new NewTicket(n, t.caller(), t.category(), t.customerName(), t.vin(), t.description(),
                            t.receivedAt(), t.assigneeId(), t.shiftAt(), t.fault()));
                    return done;
                });
            });
        }
        return chain;
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
    public List<Object> historyColumns(List<History> history) {
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
