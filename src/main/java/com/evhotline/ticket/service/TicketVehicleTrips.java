package com.evhotline.ticket.service;

import com.evhotline.common.Problem;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.repository.DispatchNoticeRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Plates;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.VehicleTrip;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketRepository;
import com.evhotline.ticket.repository.VehicleTripRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The service vehicle register (source item 11: every vehicle dispatch registered): a station records
 * each vehicle it sends for a ticket, then its arrival and return. A vehicle goes out on a notice, so
 * the ticket must have one to the station; the first arrival meets a rescue's ARRIVAL deadline.
 */
@ApplicationScoped
public class TicketVehicleTrips {

    /** What a trip record says; times left out are recorded later. */
    public record Trip(Long stationId, String plate, List<String> crew, Instant departedAt, Instant arrivedAt,
            Instant returnedAt) {
    }

    /** A phone's clock may run a little ahead of ours; beyond this a time is in the future. */
    private static final Duration SKEW = Duration.ofMinutes(2);

    private final TicketRepository tickets;
    private final VehicleTripRepository trips;
    private final DispatchNoticeRepository notices;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final TicketService visibility;
    private final Clock clock;

    public TicketVehicleTrips(TicketRepository tickets, VehicleTripRepository trips, DispatchNoticeRepository notices,
            TicketEventRepository events, TicketDeadlines deadlines, TicketService visibility, Clock clock) {
        this.tickets = tickets;
        this.trips = trips;
        this.notices = notices;
        this.events = events;
        this.deadlines = deadlines;
        this.visibility = visibility;
        this.clock = clock;
    }

    /** The ticket's trips; a station or regional manager sees those of their own station, or recorded by them. */
    @WithSession
    public Uni<List<VehicleTrip>> of(Long ticketId, CurrentUser user) {
        return visibility.visible(ticketId, user).chain(t -> trips.ofTicket(t.id)).map(all -> seenBy(all, user));
    }

    /**
     * The trips of tickets the caller already knows the user may see (those of the notices sent to them), in one
     * query, as {@link #of} would answer each.
     */
    @WithSession
    public Uni<List<VehicleTrip>> ofVisibleTickets(java.util.Collection<Long> ticketIds, CurrentUser user) {
        return trips.ofTickets(ticketIds).map(all -> seenBy(all, user));
    }

    private static List<VehicleTrip> seenBy(List<VehicleTrip> all, CurrentUser user) {
        return user.seesEverything() ? all : all.stream().filter(v -> (v.stationId != null
                && v.stationId.equals(user.stationId())) || user.username().equals(v.recordedBy)).toList();
    }

    @WithTransaction
    public Uni<VehicleTrip> record(Long ticketId, Trip trip, CurrentUser user) {
        Instant now = clock.instant();
        String plate = Plates.normalise(trip.plate()).orElseThrow(() -> Problem.invalid("plate: '" + trip.plate()
                + "' is not a number plate; give it as on the vehicle, e.g. 粤B12345 or 粤BD12345"));
        String[] crew = crew(trip.crew());
        return visibility.visible(ticketId, user)
                .chain(t -> tickets.findById(t.id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE))
                .chain(t -> notices.list("ticketId = ?1 order by issuedAt desc, id desc", t.id).chain(sent -> {
                    Long station = station(t, sent, trip.stationId(), user);
                    times(t, trip.departedAt(), trip.arrivedAt(), trip.returnedAt(), now);
                    VehicleTrip v = new VehicleTrip();
                    v.ticketId = t.id;
                    v.stationId = station;
                    v.plate = plate;
                    v.crew = crew;
                    v.departedAt = trip.departedAt();
                    v.arrivedAt = trip.arrivedAt();
                    v.returnedAt = trip.returnedAt();
                    v.recordedBy = user.username();
                    v.recordedAt = now;
                    v.updatedAt = now;
                    t.updatedAt = now;
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("plate", plate);
                    detail.put("stationId", station);
                    detail.put("departedAt", v.departedAt.toString());
                    return trips.persist(v)
                            .call(() -> events.append(t.id, now, user.username(), "VEHICLE_DEPARTED", with(detail, "tripId", v.id)))
                            .call(() -> arrivedAndReturned(t, v, v.arrivedAt, v.returnedAt, user, now));
                }));
    }

    /** Adds the arrival or return a trip did not have yet; a time already recorded is not changed. */
    @WithTransaction
    public Uni<VehicleTrip> update(Long ticketId, Long tripId, Instant arrivedAt, Instant returnedAt, CurrentUser user) {
        if (arrivedAt == null && returnedAt == null) {
            throw Problem.invalid("give arrivedAt or returnedAt, or both");
        }
        Instant now = clock.instant();
        return visibility.visible(ticketId, user)
                .chain(t -> tickets.findById(t.id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE))
                .chain(t -> trips.find("id = ?1 and ticketId = ?2", tripId, t.id).<VehicleTrip>firstResult()
                        .onItem().ifNull().failWith(() -> Problem.notFound("vehicle trip of ticket " + ticketId, tripId))
                        .call(v -> {
                            if (user.has(Roles.STATION) && !user.seesEverything()
                                    && !Objects.equals(v.stationId, user.stationId())) {
                                throw Problem.forbidden("vehicle trip " + tripId + " is another station's");
                            }
                            Instant arrived = unchanged("arrivedAt", v.arrivedAt, arrivedAt);
                            Instant returned = unchanged("returnedAt", v.returnedAt, returnedAt);
                            times(t, v.departedAt, arrived, returned, now);
                            Instant newArrival = v.arrivedAt == null ? arrivedAt : null;
                            Instant newReturn = v.returnedAt == null ? returnedAt : null;
                            v.arrivedAt = arrived;
                            v.returnedAt = returned;
                            v.updatedAt = now;
                            t.updatedAt = now;
                            return arrivedAndReturned(t, v, newArrival, newReturn, user, now);
                        }));
    }

    private Uni<Void> arrivedAndReturned(Ticket t, VehicleTrip v, Instant arrived, Instant returned, CurrentUser user,
            Instant now) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (arrived != null) {
            // the earliest arrival of any vehicle counts, whichever was registered first
            done = done.call(() -> events.append(t.id, now, user.username(), "VEHICLE_ARRIVED",
                            Map.of("tripId", v.id, "plate", v.plate, "arrivedAt", arrived.toString())))
                    .chain(() -> trips.flush())
                    .chain(() -> trips.firstArrival(t.id))
                    .call(first -> deadlines.meetAsOf(t, DeadlineKind.ARRIVAL, first, user, now))
                    .replaceWithVoid();
        }
        if (returned != null) {
            done = done.call(() -> events.append(t.id, now, user.username(), "VEHICLE_RETURNED",
                    Map.of("tripId", v.id, "plate", v.plate, "returnedAt", returned.toString())));
        }
        return done;
    }

    /**
     * The station the vehicle came from: a station manager's own; for anyone else the one named, or the
     * station of the latest notice. Either way a notice must have gone there (or to the regional manager).
     */
    private static Long station(Ticket t, List<DispatchNotice> sent, Long named, CurrentUser user) {
        if (sent.isEmpty()) {
            throw Problem.conflict("no work-instruction notice was issued for ticket " + t.number
                    + "; a vehicle goes out on a notice, so issue it first");
        }
        boolean stationOnly = user.has(Roles.STATION) && !user.seesEverything() && !user.has(Roles.REGIONAL);
        if (stationOnly) {
            if (named != null && !named.equals(user.stationId())) {
                throw Problem.forbidden("stationId: you record your own station's vehicles only");
            }
            return user.stationId();
        }
        if (named == null) {
            return sent.get(0).stationId;
        }
        if (sent.stream().noneMatch(n -> named.equals(n.stationId))) {
            throw Problem.invalid("stationId: no notice of ticket " + t.number + " went to station " + named
                    + "; give the station the notice was sent to");
        }
        return named;
    }

    private static void times(Ticket t, Instant departed, Instant arrived, Instant returned, Instant now) {
        List<String> wrong = new ArrayList<>();
        if (departed == null) {
            wrong.add("departedAt is required: when the vehicle left");
        } else {
            if (departed.isBefore(t.receivedAt)) {
                wrong.add("departedAt " + departed + " is before ticket " + t.number + " was received (" + t.receivedAt + ")");
            }
            if (arrived != null && arrived.isBefore(departed)) {
                wrong.add("arrivedAt " + arrived + " is before departedAt " + departed);
            }
            if (returned != null && returned.isBefore(arrived != null ? arrived : departed)) {
                wrong.add("returnedAt " + returned + " is before " + (arrived != null ? "arrivedAt" : "departedAt"));
            }
        }
        for (Instant at : new Instant[] {departed, arrived, returned}) {
            if (at != null && at.isAfter(now.plus(SKEW))) {
                wrong.add(at + " is in the future; record a time once it has happened");
                break;
            }
        }
        if (!wrong.isEmpty()) {
            throw Problem.invalid(String.join("; ", wrong));
        }
    }

    private static Instant unchanged(String field, Instant recorded, Instant given) {
        if (recorded != null && given != null && !recorded.equals(given)) {
            throw Problem.conflict(field + " was already recorded as " + recorded + " and is not changed");
        }
        return recorded != null ? recorded : given;
    }

    private static String[] crew(List<String> crew) {
        if (crew == null || crew.isEmpty()) {
            throw Problem.invalid("crew: name who went, at least one person");
        }
        if (crew.size() > 20) {
            throw Problem.invalid("crew: at most 20 people on one vehicle");
        }
        List<String> names = new ArrayList<>();
        for (String name : crew) {
            String n = name == null ? "" : name.strip();
            if (n.isEmpty() || n.length() > 100) {
                throw Problem.invalid("crew: each name is 1 to 100 characters; got '" + name + "'");
            }
            names.add(n);
        }
        return names.toArray(String[]::new);
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        m.put(k, v);
        return m;
    }
}
