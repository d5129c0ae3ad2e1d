package com.evhotline.ticket;

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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TripView> vehicleTrips) {

    /** A vehicle registered for the ticket (the service vehicle register). */
    public record TripView(Long id, Long ticketId, Long stationId, String plate, List<String> crew,
            OffsetDateTime departedAt, OffsetDateTime arrivedAt, OffsetDateTime returnedAt, String recordedBy,
            OffsetDateTime recordedAt) {

        public static TripView of(VehicleTrip v, java.time.ZoneId zone) {
            return new TripView(v.id, v.ticketId, v.stationId, v.plate, List.of(v.crew),
                    com.evhotline.common.WireTime.show(v.departedAt, zone), com.evhotline.common.WireTime.show(v.arrivedAt, zone),
                    com.evhotline.common.WireTime.show(v.returnedAt, zone), v.recordedBy,
                    com.evhotline.common.WireTime.show(v.recordedAt, zone));
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
