package com.evhotline.ticket.service;

import static com.evhotline.common.Text.blankToNull;

import com.evhotline.common.Problem;
import com.evhotline.customer.Vins;
import com.evhotline.customer.repository.CustomerRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.staff.repository.StaffRepository;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.FaultRecorded;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Changes a ticket's fields; a category change adds or withdraws DISPATCH, and a major incident is downgraded only by a supervisor with a reason. */
@ApplicationScoped
public class TicketChangeService {

    /** The fields to change; null leaves a field as it is (a blank description or fault removes it). */
    public record Change(Category category, String description, String customerName, String vin, String fault,
            Long assigneeId, String reason) {
        boolean isEmpty() {
            return category == null && description == null && customerName == null && vin == null && fault == null
                    && assigneeId == null;
        }
    }

    private final TicketRepository tickets;
    private final CustomerRepository customers;
    private final StaffRepository staff;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final MajorIncidents majorIncidents;
    private final Clock clock;
    private final Event<FaultRecorded> faultRecorded;

    public TicketChangeService(TicketRepository tickets, CustomerRepository customers, StaffRepository staff,
            TicketEventRepository events, TicketDeadlines deadlines, MajorIncidents majorIncidents, Clock clock,
            Event<FaultRecorded> faultRecorded) {
        this.faultRecorded = faultRecorded;
        this.majorIncidents = majorIncidents;
        this.tickets = tickets;
        this.customers = customers;
        this.staff = staff;
        this.events = events;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /**
     * Changes a ticket; once committed, a fault recorded (or the vehicle of a ticket with one) is announced, so
     * batch quality problems are looked for at once.
     */
    public Uni<Ticket> change(Long id, Change change, CurrentUser actor) {
        return apply(id, change, actor).invoke(t -> {
            if (t.fault != null && (change.fault() != null || change.vin() != null)) {
                faultRecorded.fire(new FaultRecorded(t.id));
            }
        });
    }

    /** The change in its own transaction (called on this bean, so the interceptor applies). */
    @WithTransaction
    Uni<Ticket> apply(Long id, Change change, CurrentUser actor) {
        if (change.isEmpty()) {
            throw Problem.invalid("nothing to change: give one of category, description, customerName, vin, fault,"
                    + " assigneeId");
        }
        String vin = Vins.normalise(change.vin());
        Instant now = clock.instant();
        return tickets.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("ticket", id))
                .call(t -> checkAssignee(change.assigneeId()))
                .call(t -> reassign(t, change, actor, now))
                .call(t -> applyCategory(t, change, actor, now))
                .call(t -> linkCustomerAndVehicle(t, change, vin, now))
                .call(t -> {
                    Map<String, Object> changed = new LinkedHashMap<>();
                    String description = blankToNull(change.description());
                    if (change.description() != null && !Objects.equals(t.description, description)) {
                        t.description = description;
                        changed.put("description", description);
                    }
                    String customerName = blankToNull(change.customerName());
                    if (change.customerName() != null && !Objects.equals(t.customerName, customerName)) {
                        t.customerName = customerName;
                        changed.put("customerName", customerName);
                    }
                    if (vin != null && !vin.equals(t.vin)) {
                        t.vin = vin;
                        changed.put("vin", vin);
                    }
                    String fault = Faults.normalise(change.fault());
                    if (change.fault() != null && !Objects.equals(t.fault, fault)) {
                        t.fault = fault;
                        t.faultAt = fault == null ? null : now;
                        changed.put("fault", fault);
                    }
                    if (changed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    t.updatedAt = now;
                    return events.append(t.id, now, actor.username(), "CHANGED", changed).replaceWithVoid();
                });
    }

    /** A name or VIN learnt on the ticket is the customer's and the vehicle's too. */
    private Uni<Void> linkCustomerAndVehicle(Ticket t, Change change, String vin, Instant now) {
        String name = blankToNull(change.customerName());
        Uni<Void> customer = name == null || t.callerNumber == null ? Uni.createFrom().voidItem()
                : customers.upsert(t.callerNumber, name, now).invoke(id -> t.customerId = id).replaceWithVoid();
        return customer.chain(() -> vin == null || vin.equals(t.vin) ? Uni.createFrom().voidItem()
                : customers.upsertVehicle(vin, t.customerId, now).invoke(id -> t.vehicleId = id).replaceWithVoid());
    }

    private Uni<Void> applyCategory(Ticket t, Change change, CurrentUser actor, Instant now) {
        Category from = t.category;
        Category to = change.category();
        if (to == null || to == from) {
            return Uni.createFrom().voidItem();
        }
        if (t.status.isFinished()) {
            throw Problem.conflict("ticket " + t.number + " is " + t.status + ": reopen it before you reclassify it");
        }
        String reason = blankToNull(change.reason());
        if (from == Category.MAJOR_INCIDENT) {
            if (!actor.has(Roles.SUPERVISOR)) {
                throw Problem.forbidden("downgrading a major incident takes a supervisor");
            }
            if (reason == null) {
                throw Problem.invalid("reason: required to downgrade a major incident");
            }
        }
        if (from.needsDispatch() && !to.needsDispatch() && reason == null) {
            throw Problem.invalid("reason: required when reclassifying to " + to + " withdraws the DISPATCH deadline");
        }
        t.category = to;
        t.updatedAt = now;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", from);
        detail.put("to", to);
        if (reason != null) {
            detail.put("reason", reason);
        }
        return events.append(t.id, now, actor.username(), "CATEGORY_CHANGED", detail)
                .chain(() -> deadlines.reconcile(t, reason, actor, now))
                .call(() -> to == Category.MAJOR_INCIDENT ? majorIncidents.alert(t, actor.username(), now)
                        : Uni.createFrom().voidItem());
    }

    /**
     * A new owner: supervisors reassign, with a reason; the history keeps who had it, who has it now,
     * who decided and why.
     */
    private Uni<Void> reassign(Ticket t, Change change, CurrentUser actor, Instant now) {
        Long to = change.assigneeId();
        if (to == null || to.equals(t.assigneeId)) {
            return Uni.createFrom().voidItem();
        }
        if (!actor.has(Roles.SUPERVISOR) && !actor.has(Roles.ADMIN)) {
            throw Problem.forbidden("reassigning a ticket takes a supervisor");
        }
        String reason = blankToNull(change.reason());
        if (reason == null) {
            throw Problem.invalid("reason: required to reassign a ticket");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", t.assigneeId);
        detail.put("to", to);
        detail.put("reason", reason);
        t.assigneeId = to;
        t.updatedAt = now;
        return events.append(t.id, now, actor.username(), "REASSIGNED", detail).replaceWithVoid();
    }

    private Uni<Void> checkAssignee(Long assigneeId) {
        if (assigneeId == null) {
            return Uni.createFrom().voidItem();
        }
        return staff.findById(assigneeId).invoke(s -> {
            if (s == null || !s.active) {
                throw Problem.invalid("assigneeId: no active staff member with id " + assigneeId);
            }
        }).replaceWithVoid();
    }
}
