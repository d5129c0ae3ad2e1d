package com.evhotline.quality.rest;

import com.evhotline.common.WireTime;
import com.evhotline.quality.Batches;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** Batch quality problems flagged: one fault on several vehicles within the window, newest first. */
@Path("/api/quality/batches")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class BatchResource {

    static final int LISTED = 200;

    public record BatchView(long id, String fault, int vehicles, OffsetDateTime firstReceivedAt,
            OffsetDateTime lastReceivedAt, OffsetDateTime flaggedAt, OffsetDateTime updatedAt, List<TicketView> tickets) {
    }

    public record TicketView(long ticketId, String number, String vin, OffsetDateTime receivedAt) {
    }

    private final Batches batches;
    private final ZoneId zone;

    public BatchResource(Batches batches, ZoneId zone) {
        this.batches = batches;
        this.zone = zone;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<BatchView>> list() {
        return batches.newest(LISTED).map(all -> all.stream().map(b -> new BatchView(b.id(), b.fault(), b.vehicles(),
                WireTime.show(b.firstReceivedAt(), zone), WireTime.show(b.lastReceivedAt(), zone),
                WireTime.show(b.flaggedAt(), zone), WireTime.show(b.updatedAt(), zone), b.tickets().stream()
                        .map(t -> new TicketView(t.ticketId(), t.number(), t.vin(), WireTime.show(t.receivedAt(), zone)))
                        .toList())).toList());
    }
}
