package com.evhotline.ticket.service;

import static com.evhotline.common.Text.blankToNull;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.customer.Vins;
import com.evhotline.customer.repository.CustomerRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketEvent;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens tickets with their deadlines, and finds the ones a user may see. */
@ApplicationScoped
public class TicketService {

    /** A ticket to open; {@code receivedAt} null means now. */
    public record NewTicket(String callerNumber, Category category, String description, String customerName, String vin,
            Instant receivedAt) {
    }

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final TicketRepository tickets;
    private final CustomerRepository customers;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final CalendarService calendar;
    private final PhoneNumbers phones;
    private final MajorIncidents majorIncidents;
    private final Clock clock;
    private final ZoneId zone;

    public TicketService(TicketRepository tickets, CustomerRepository customers, TicketEventRepository events,
            TicketDeadlines deadlines, CalendarService calendar, PhoneNumbers phones, MajorIncidents majorIncidents,
            Clock clock, ZoneId zone) {
        this.majorIncidents = majorIncidents;
        this.tickets = tickets;
        this.customers = customers;
        this.events = events;
        this.deadlines = deadlines;
        this.calendar = calendar;
        this.phones = phones;
        this.clock = clock;
        this.zone = zone;
    }

    /** Opens a ticket with its deadlines, in one transaction. */
    @WithTransaction
    public Uni<Ticket> open(NewTicket cmd, CurrentUser actor) {
        Instant now = clock.instant();
        Instant received = cmd.receivedAt() == null ? now : cmd.receivedAt();
        if (received.isAfter(now.plus(CLOCK_SKEW))) {
            throw Problem.invalid("receivedAt: lies in the future (" + received + "); give the time the customer called");
        }
        String caller = phones.normalise("callerNumber", cmd.callerNumber());
        String vin = Vins.normalise(cmd.vin());
        String name = blankToNull(cmd.customerName());
        ServiceCalendar cal = calendar.current();
        Ticket t = new Ticket();
        t.status = TicketStatus.OPEN;
        t.category = cmd.category() == null ? Category.GENERAL_QUALITY : cmd.category();
        t.callerNumber = caller;
        t.customerName = name;
        t.vin = vin;
        t.description = blankToNull(cmd.description());
        t.receivedAt = received;
        t.shift = cal.shiftAt(received);
        t.officeHours = cal.isOfficeHours(received);
        t.createdAt = now;
        t.updatedAt = now;
        if (actor.has(Roles.AGENT) || actor.has(Roles.DUTY)) {
            t.assigneeId = actor.staffId(); // the agent who takes the call is the one the chain tells first
        }
        return persistNew(t, actor, now);
    }

    private Uni<Ticket> persistNew(Ticket t, CurrentUser actor, Instant now) {
        LocalDate day = t.receivedAt.atZone(zone).toLocalDate();
        Uni<Long> customer = t.callerNumber == null ? Uni.createFrom().nullItem()
                : customers.upsert(t.callerNumber, t.customerName, now);
        return customer
                .invoke(id -> t.customerId = id)
                .chain(id -> t.vin == null ? Uni.createFrom().nullItem() : customers.upsertVehicle(t.vin, id, now))
                .invoke(vehicleId -> t.vehicleId = vehicleId)
                .chain(() -> tickets.nextNumberOn(day).map(n -> TicketNumbers.format(day, n)))
                .invoke(n -> t.number = n)
                .chain(() -> tickets.persist(t))
                .call(saved -> events.append(saved.id, now, actor.username(), "OPENED", opened(saved)))
                .call(saved -> deadlines.addFor(saved, actor, now))
                .call(saved -> saved.category == Category.MAJOR_INCIDENT
                        ? majorIncidents.alert(saved, actor.username(), now) : Uni.createFrom().voidItem());
    }

    /** The ticket, if the user may see it: 404 when there is none, 403 when it is another station's. */
    @WithSession
    public Uni<Ticket> visible(Long id, CurrentUser user) {
        return tickets.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("ticket", id))
                .call(t -> tickets.visibleTo(id, user).invoke(ok -> {
                    if (!ok) {
                        throw Problem.forbidden("ticket " + id + " was not sent to your station or region");
                    }
                }));
    }

    /** The ticket's history, oldest first, if the user may see the ticket. */
    @WithSession
    public Uni<List<TicketEvent>> history(Long id, CurrentUser user) {
        return visible(id, user).chain(t -> events.ofTicket(t.id));
    }

    @WithSession
    public Uni<TicketRepository.Found> search(TicketRepository.Filter filter, CurrentUser user, int page, int size) {
        return tickets.search(filter, user, page, size);
    }

    /** What the OPENED event of a ticket records. */
    public static Map<String, Object> opened(Ticket t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("number", t.number);
        d.put("category", t.category);
        d.put("callerNumber", t.callerNumber);
        d.put("receivedAt", t.receivedAt.toString());
        d.put("shift", t.shift);
        d.put("officeHours", t.officeHours);
        return d;
    }

}
