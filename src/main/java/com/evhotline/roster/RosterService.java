package com.evhotline.roster;

import com.evhotline.common.Problem;
import com.evhotline.staff.Staff;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The duty roster held in memory, so the routing decision needs no database round trip; reloaded
 * after every change once it is committed.
 */
@ApplicationScoped
public class RosterService {

    /** A person in the on-duty chain, in call order. */
    public record OnDuty(long staffId, String name, String mobile, int position, boolean override) {
    }

    /** A new shift. */
    public record NewShift(Long staffId, Instant start, Instant end, int position, boolean override, String note) {
    }

    /** A new rotation. */
    public record NewRotation(String name, int position, java.time.LocalTime handover, int periodDays,
            java.time.LocalDate startDate, List<Long> staffIds) {
    }

    private record Snapshot(List<DutyShift> shifts, List<Rotation> rotations, Map<Long, Staff> staff) {
    }

    private static final Duration KEEP_PAST = Duration.ofDays(2);

    private final DutyShiftRepository shifts;
    private final RotationRepository rotations;
    private final StaffRepository staff;
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(List.of(), List.of(), Map.of()));

    public RosterService(DutyShiftRepository shifts, RotationRepository rotations, StaffRepository staff, Clock clock,
            ZoneId zone) {
        this.shifts = shifts;
        this.rotations = rotations;
        this.zone = zone;
        this.staff = staff;
        this.clock = clock;
    }

    void load(@Observes StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::reload);
    }

    /** Reads the roster from the database into memory. */
    public Uni<Void> reload() {
        return rotations.active().chain(rota -> Panache.withSession(() -> shifts.endingAfter(clock.instant().minus(KEEP_PAST))
                .chain(list -> {
                    List<Long> ids = java.util.stream.Stream.concat(list.stream().map(s -> s.staffId),
                            rota.stream().flatMap(r -> r.members().stream())).distinct().toList();
                    return (ids.isEmpty() ? Uni.createFrom().item(List.<Staff>of()) : staff.list("id in ?1", ids))
                            .map(people -> new Snapshot(list, rota, people.stream().collect(Collectors.toMap(p -> p.id,
                                    Function.identity()))));
                })))
                .invoke(current::set)
                .replaceWithVoid();
    }

    /** Adds a rotation; every member must be active and have a mobile. */
    public Uni<Rotation> addRotation(NewRotation cmd, String actor) {
        List<Long> members = cmd.staffIds();
        return rotations.reachable(members)
                .invoke(ok -> {
                    List<Long> unreachable = members.stream().filter(id -> !ok.contains(id)).toList();
                    if (!unreachable.isEmpty()) {
                        throw Problem.invalid("staffIds: " + unreachable
                                + " are not active staff members with a mobile number, so forwarded calls could not reach them");
                    }
                })
                .chain(() -> rotations.insert(new Rotation(0, cmd.name().trim(), cmd.position(), cmd.handover(),
                        cmd.periodDays(), cmd.startDate(), members), actor, clock.instant()))
                .call(this::reload);
    }

    public List<Rotation> rotations() {
        return current.get().rotations();
    }

    /** The on-duty chain at an instant, from memory. */
    public List<OnDuty> onDutyAt(Instant at) {
        Snapshot s = current.get();
        return OnDutyChain.at(at, s.shifts(), s.rotations(), zone).stream()
                .map(link -> {
                    Staff p = s.staff().get(link.staffId());
                    return new OnDuty(link.staffId(), p == null ? null : p.name, p == null ? null : p.mobile,
                            link.position(), link.override());
                })
                .filter(d -> d.mobile() != null)
                .toList();
    }

    /** Puts someone on duty; the roster in memory changes once the shift is committed. */
    public Uni<DutyShift> add(NewShift cmd, String actor) {
        if (!cmd.end().isAfter(cmd.start())) {
            throw Problem.invalid("end: must come after start");
        }
        if (Duration.between(cmd.start(), cmd.end()).compareTo(Duration.ofDays(31)) > 0) {
            throw Problem.invalid("end: a shift lasts at most 31 days; put a longer stretch in several shifts");
        }
        DutyShift d = new DutyShift();
        d.staffId = cmd.staffId();
        d.startAt = cmd.start();
        d.endAt = cmd.end();
        d.position = cmd.position();
        d.override = cmd.override();
        d.note = cmd.note();
        d.createdBy = actor;
        d.createdAt = clock.instant();
        return Panache.withTransaction(() -> staff.findById(cmd.staffId())
                        .invoke(p -> {
                            if (p == null || !p.active) {
                                throw Problem.invalid("staffId: no active staff member with id " + cmd.staffId());
                            }
                            if (p.mobile == null) {
                                throw Problem.invalid("staffId: staff member " + cmd.staffId()
                                        + " has no mobile number, so forwarded calls could not reach them");
                            }
                        })
                        .chain(() -> shifts.persist(d)))
                .call(this::reload);
    }

    public Uni<List<DutyShift>> between(Instant from, Instant to) {
        return Panache.withSession(() -> shifts.overlapping(from, to));
    }
}
