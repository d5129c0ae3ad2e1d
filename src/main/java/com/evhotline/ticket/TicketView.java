package com.evhotline.ticket;

import com.evhotline.common.WireTime;
import com.evhotline.calendar.Shift;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DeadlineState;
import java.time.OffsetDateTime;
import java.util.List;

/** A ticket as the API shows it. */
public record TicketView(
        Long id,
        String number,
        TicketStatus status,
        Category category,
        String callerNumber,
        String customerName,
        String vin,
        String description,
        String fault,
        OffsetDateTime receivedAt,
        Shift shift,
        boolean officeHours,
        @JsonInclude(JsonInclude.Include.NON_NULL) com.evhotline.deadline.DistanceBand distanceBand,
        Long assigneeId,
        String resolution,
        OffsetDateTime resolvedAt,
        OffsetDateTime closedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        List<Long> calls,
        List<DeadlineView> deadlines,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<AlertView> alerts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<com.evhotline.notification.Deliveries.Delivery> deliveries,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TripView> vehicleTrips,
        @JsonInclude(JsonInclude.Include.NON_NULL) FollowUpView followUp) {

    /**
     * The follow-up call of the ticket's latest resolution (shown on one ticket, not in lists): its state, when
     * it is due, the calls made out of those allowed, the customer's satisfaction (1 to 5) once reached, and why
     * no call could be made or why it was cancelled.
     */
    public record FollowUpView(Long id, Long ticketId, FollowUpState state, OffsetDateTime resolvedAt,
            OffsetDateTime dueAt, OffsetDateTime nextCallAt, int attempts, int attemptsAllowed, Integer satisfaction, String reason,
            OffsetDateTime doneAt, String doneBy, List<FollowUpCall> calls) {

        public static FollowUpView of(FollowUp f, List<FollowUpAttempt> calls, int allowed, java.time.ZoneId zone) {
            return new FollowUpView(f.id, f.ticketId, f.state, WireTime.show(f.resolvedAt, zone),
                    WireTime.show(f.dueAt, zone),
                    f.state == FollowUpState.DUE ? WireTime.show(f.nextCallAt, zone) : null,
                    f.attempts, allowed,
                    f.satisfaction == null ? null : f.satisfaction.intValue(), f.reason,
                    WireTime.show(f.doneAt, zone), f.doneBy,
                    calls.stream().map(c -> new FollowUpCall(WireTime.show(c.calledAt, zone),
                            c.calledBy, c.reached, c.satisfaction == null ? null : c.satisfaction.intValue(), c.note))
                            .toList());
        }
    }

    /** One call made for a follow-up. */
    public record FollowUpCall(OffsetDateTime at, String by, boolean reached, Integer satisfaction, String note) {
    }

    /** A vehicle registered for the ticket (the service vehicle register). */
    public record TripView(Long id, Long ticketId, Long stationId, String plate, List<String> crew,
            OffsetDateTime departedAt, OffsetDateTime arrivedAt, OffsetDateTime returnedAt, String recordedBy,
            OffsetDateTime recordedAt) {

        public static TripView of(VehicleTrip v, java.time.ZoneId zone) {
            return new TripView(v.id, v.ticketId, v.stationId, v.plate, List.of(v.crew),
                    WireTime.show(v.departedAt, zone), WireTime.show(v.arrivedAt, zone),
                    WireTime.show(v.returnedAt, zone), v.recordedBy,
                    WireTime.show(v.recordedAt, zone));
        }
    }

    /**
     * A warning, breach or escalation step as it fired, with whom it told (resolved at that instant);
     * shown on one ticket, not in lists.
     */
    public record AlertView(OffsetDateTime at, String type, DeadlineKind kind, Integer round, Integer step,
            List<Told> told) {
    }

    /** Someone an alert told. */
    public record Told(long staffId, String name) {
    }

    /** A deadline as the API shows it; a pending one whose instant passed reads BREACHED. */
    public record DeadlineView(DeadlineKind kind, OffsetDateTime dueAt, DeadlineState state, OffsetDateTime metAt,
            String exemptionReason, int round, @JsonInclude(JsonInclude.Include.NON_NULL) Long noticeId) {
    }
}
