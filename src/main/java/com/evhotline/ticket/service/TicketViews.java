package com.evhotline.ticket.service;

import com.evhotline.common.WireTime;
import com.evhotline.deadline.Deadline;
import com.evhotline.deadline.Exemption;
import com.evhotline.deadline.repository.DeadlineRepository;
import com.evhotline.deadline.repository.ExemptionRepository;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketCalls;
import com.evhotline.ticket.VehicleTrip;
import com.evhotline.ticket.repository.VehicleTripRepository;
import com.evhotline.notification.Deliveries;
import com.evhotline.ticket.TicketView;
import com.evhotline.ticket.TicketView.DeadlineView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Assembles ticket views with their deadlines and calls, a constant number of queries per page. */
@ApplicationScoped
public class TicketViews {

    private final DeadlineRepository deadlines;
    private final ExemptionRepository exemptions;
    private final TicketCalls calls;
    private final TicketAlerts alerts;
    private final Deliveries deliveries;
    private final VehicleTripRepository trips;
    private final FollowUps followUps;
    private final Clock clock;
    private final ZoneId zone;

    public TicketViews(DeadlineRepository deadlines, ExemptionRepository exemptions, TicketCalls calls,
            TicketAlerts alerts, Deliveries deliveries, VehicleTripRepository trips, FollowUps followUps, Clock clock,
            ZoneId zone) {
        this.trips = trips;
        this.followUps = followUps;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.deadlines = deadlines;
        this.exemptions = exemptions;
        this.calls = calls;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * One ticket, with the alerts it raised and whom each told, every message about it on every channel, and the
     * follow-up call of its latest resolution.
     */
    public Uni<TicketView> of(Ticket ticket) {
        return of(ticket, null);
    }

    /** {@link #of(Ticket)} showing only the messages sent to {@code onlyTo} (null: everybody's). */
    public Uni<TicketView> of(Ticket ticket, Long onlyTo) {
        return alerts.of(ticket.id).chain(told -> deliveries.ofTicket(ticket.id, onlyTo)
                .chain(sent -> trips.ofTicket(ticket.id).chain(went -> followUps.viewOf(ticket.id)
                        .chain(followUp -> page(List.of(ticket), told, sent, went, followUp).map(v -> v.get(0))))));
    }

    /** A page of tickets (their alerts are on each ticket's own view). */
    public Uni<List<TicketView>> of(List<Ticket> tickets) {
        return page(tickets, null, null, null, null);
    }

    private Uni<List<TicketView>> page(List<Ticket> tickets, List<TicketView.AlertView> alertsOfOne,
            List<Deliveries.Delivery> sentOfOne, List<VehicleTrip> tripsOfOne, TicketView.FollowUpView followUpOfOne) {
        List<Long> ids = tickets.stream().map(t -> t.id).toList();
        return deadlines.ofTickets(ids).chain(ds -> exemptions.activeOfTickets(ids).chain(ex -> calls.callIdsOf(ids)
                .map(cs -> assemble(tickets, ds, ex, cs, alertsOfOne, sentOfOne, tripsOfOne, followUpOfOne))));
    }

    private List<TicketView> assemble(List<Ticket> tickets, List<Deadline> ds, List<Exemption> ex,
            Map<Long, List<Long>> callsBy, List<TicketView.AlertView> alertsOfOne, List<Deliveries.Delivery> sentOfOne,
            List<VehicleTrip> tripsOfOne, TicketView.FollowUpView followUpOfOne) {
        List<TicketView.TripView> trips = tripsOfOne == null ? null
                : tripsOfOne.stream().map(v -> TicketView.TripView.of(v, zone)).toList();
        Instant now = clock.instant();
        Map<Long, List<Deadline>> deadlinesBy = ds.stream().collect(Collectors.groupingBy(d -> d.ticketId));
        Map<Long, String> reasonBy = ex.stream().collect(Collectors.toMap(e -> e.deadlineId, e -> e.reason, (a, b) -> b));
        Function<Deadline, DeadlineView> deadlineView = d -> new DeadlineView(d.kind, WireTime.show(d.dueAt, zone),
                d.stateAt(now), WireTime.show(d.metAt, zone), reasonBy.get(d.id), d.round, d.noticeId);
        return tickets.stream().map(t -> new TicketView(t.id, t.number, t.status, t.category, t.callerNumber,
                t.customerName, t.vin, t.description, t.fault, WireTime.show(t.receivedAt, zone), t.shift, t.officeHours, t.distanceBand,
                t.assigneeId, t.resolution, WireTime.show(t.resolvedAt, zone), WireTime.show(t.closedAt, zone),
                WireTime.show(t.createdAt, zone), WireTime.show(t.updatedAt, zone), callsBy.getOrDefault(t.id, List.of()),
                deadlinesBy.getOrDefault(t.id, List.of()).stream().map(deadlineView).toList(), alertsOfOne,
                sentOfOne, trips, followUpOfOne)).toList();
    }
}
