package com.evhotline.ticket.rest;

import com.evhotline.common.BusinessTime;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DistanceBand;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.TicketReply;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** The JSON bodies the ticket endpoints take. */
public final class TicketRequests {

    private TicketRequests() {
    }

    /** {@code POST /api/tickets}; a {@code fault} is taken as {@link Patch} takes it. */
    public record Open(
            @NotBlank @Size(max = 32) String callerNumber,
            Category category,
            @Size(max = 10000) String description,
            @Size(max = 200) String customerName,
            @Size(max = 32) String vin,
            @Size(max = 200) String fault,
            @BusinessTime OffsetDateTime receivedAt) {
    }

    /** {@code PATCH /api/tickets/{id}}: fields left out stay as they are. */
    public record Patch(
            Category category,
            @Size(max = 10000) String description,
            @Size(max = 200) String customerName,
            @Size(max = 32) String vin,
            @Size(max = 200) String fault,
            Long assigneeId,
            @Size(max = 2000) String reason) {
    }

    /** {@code POST /api/tickets/{id}/replies}. */
    public record Reply(@NotNull TicketReply.Channel channel, @NotBlank @Size(max = 10000) String text) {
    }

    /** {@code POST /api/tickets/{id}/dispatches}; a RESCUE notice says how far the vehicle stands. */
    public record Dispatch(Long stationId, Long staffId, @NotBlank @Size(max = 10000) String instruction,
            DistanceBand distanceBand) {
    }

    /** {@code POST /api/tickets/{id}/vehicle-trips}: a vehicle sent out; arrival and return may follow later. */
    public record VehicleTrip(
            Long stationId,
            @NotBlank @Size(max = 32) String plate,
            @NotNull @Size(min = 1, max = 20) java.util.List<@NotBlank @Size(max = 100) String> crew,
            @NotNull @BusinessTime OffsetDateTime departedAt,
            @BusinessTime OffsetDateTime arrivedAt,
            @BusinessTime OffsetDateTime returnedAt) {
    }

    /** {@code PATCH /api/tickets/{id}/vehicle-trips/{tripId}}: the arrival or return, once known. */
    public record VehicleTripUpdate(@BusinessTime OffsetDateTime arrivedAt, @BusinessTime OffsetDateTime returnedAt) {
    }

    /** {@code POST /api/tickets/{id}/exemptions}; an ACKNOWLEDGE deadline is one notice's ({@code noticeId}). */
    public record Exempt(@NotNull DeadlineKind kind, @NotBlank @Size(max = 2000) String reason, Long noticeId) {
    }

    /** {@code POST /api/tickets/{id}/exemptions/{exemptionId}/revoke}. */
    public record Revoke(@NotBlank @Size(max = 2000) String reason) {
    }

    /** {@code POST /api/tickets/{id}/resolve}. */
    public record Resolve(@NotBlank @Size(max = 10000) String resolution) {
    }

    /** {@code POST /api/tickets/{id}/close}: allowed only when no follow-up call can be made; a note on why. */
    public record Close(@Size(max = 10000) String note) {
    }

    /**
     * {@code POST /api/tickets/{id}/follow-up}: a call made for the follow-up; a customer reached gives a
     * satisfaction score from 1 (very dissatisfied) to 5 (very satisfied).
     */
    public record FollowUp(Boolean reached,
            @Min(value = 1, message = SCORE) @Max(value = 5, message = SCORE) Integer satisfaction,
            @Size(max = 2000) String note) {

        static final String SCORE = "give a score from 1 (very dissatisfied) to 5 (very satisfied)";
    }

    /** {@code POST /api/tickets/{id}/reopen}. */
    public record Reopen(@NotBlank @Size(max = 2000) String reason) {
    }
}
