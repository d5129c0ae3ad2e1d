package com.evhotline.roster;

import com.evhotline.common.OnSafeContext;
import com.evhotline.common.Problem;
import com.evhotline.common.StartupLoads;
import com.evhotline.db.TableChanges;
import com.evhotline.staff.Staff;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The duty roster held in memory, so the routing decision needs no database round trip; reloaded
 * after every change once it is committed, and every minute (changes made through another instance,
 * a reload that failed). Reloads that overlap never leave an older read in place of a newer one.
 */
@ApplicationScoped
public class RosterService {

    /** A person in the on-duty chain, in call order. */
    public record OnDuty(long staffId, String name, String mobile, int position, boolean override) {
    }

    /** The on-duty chain as it will be from its next change on. */
    public record NextOnDuty(Instant from, List<OnDuty> chain) {
    }

    /** A new shift. */
    public record NewShift(Long staffId, Instant start, Instant end, int position, boolean override, String note) {
    }

    /** A new rotation. */
    public record NewRotation(String name, int position, java.time.LocalTime handover, int periodDays,
            java.time.LocalDate startDate, List<Long> staffIds) {
    }

    /**
     * The roster as one reload read it: the shifts ending after {@code from}, the active rotations and
     * their people. {@code generation} orders reloads by when they began reading.
     */
    private record Snapshot(long generation, Instant from, List<DutyShift> shifts, List<Rotation> rotations,
            Map<Long, Staff> staff) {
    }

    private static final Logger LOG = Logger.getLogger(RosterService.class);

    private static final Duration KEEP_PAST = Duration.ofDays(2);
    /** How far ahead {@link #nextOnDutyAfter} looks for the chain's next change. */
    private static final Duration LOOK_AHEAD = Duration.ofDays(7);

    private final DutyShiftRepository shifts;
    private final RotationRepository rotations;
    private final StaffRepository staff;
    private final Clock clock;
    private final ZoneId zone;
    private final Vertx vertx;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(
            new Snapshot(0, Instant.MAX, List.of(), List.of(), Map.of()));
    private final AtomicLong reloads = new AtomicLong();

    public RosterService(DutyShiftRepository shifts, RotationRepository rotations, StaffRepository staff, Clock clock,
            ZoneId zone, Vertx vertx) {
        this.vertx = vertx;
        this.shifts = shifts;
        this.rotations = rotations;
        this.zone = zone;
        this.staff = staff;
        this.clock = clock;
    }

    void load(@Observes StartupEvent start, StartupLoads loads, TableChanges changes) {
        loads.begin("reading the roster", this::reload);
        // a change committed by another instance (or by hand) reaches routing within seconds
        changes.follow("roster_shift", this::rereadSoon);
        changes.follow("roster_rotation", this::rereadSoon);
        changes.follow("staff", this::rereadSoon); // a new mobile, a leaver
    }

    private void rereadSoon() {
        OnSafeContext.start(vertx, this::reload, LOG,
                "Cannot read the roster again (%s): routing goes on with it as last read");
    }

    /**
     * Reads the roster from the database into memory. Of two reloads that overlap, the one that began
     * reading later is kept whatever order they finish in: it began after every change whose own reload
     * began before it, so it holds all of them.
     */
    public Uni<Void> reload() {
        return Uni.createFrom().deferred(() -> {
            long generation = reloads.incrementAndGet();
            Instant from = clock.instant().minus(KEEP_PAST);
            return rotations.all(clock.instant()).chain(rota -> Panache.withSession(() -> shifts.endingAfter(from)
                    .chain(list -> people(list, rota)
                            .map(people -> new Snapshot(generation, from, list, rota, people)))));
        })
                .invoke(fresh -> current.accumulateAndGet(fresh, (old, s) -> s.generation() > old.generation() ? s : old))
                .replaceWithVoid();
    }

    /** The staff members named by these shifts and rotations, by id. */
    private Uni<Map<Long, Staff>> people(List<DutyShift> list, List<Rotation> rota) {
        List<Long> ids = java.util.stream.Stream.concat(list.stream().map(s -> s.staffId),
                rota.stream().flatMap(r -> r.members().stream())).distinct().toList();
        return (ids.isEmpty() ? Uni.createFrom().item(List.<Staff>of()) : staff.list("id in ?1", ids))
                .map(people -> people.stream().collect(Collectors.toMap(p -> p.id, Function.identity())));
    }

    /**
     * After a change is committed: the roster in memory follows it. Should that reload fail, the change
     * still stands (answering an error would have the supervisor enter it a second time): it is said
     * loudly, and the reload every minute brings it in.
     */
    private Uni<Void> reloadAfterChange() {
        return reload().onFailure().recoverWithUni(e -> {
            LOG.errorf("The roster change is saved but the roster in memory could not be reloaded (%s): routing"
                    + " takes it in at the next reload, within a minute", e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** Adds a rotation; every member must be active and have a mobile. */
    public Uni<Rotation> addRotation(NewRotation cmd, String actor) {
        List<Long> members = cmd.staffIds();
        return rotations.reachable(members)
                .invoke(ok -> {
                    List<Long> unreachable = members.stream().filter(id -> !ok.contains(id)).toList();
                    if (!unreachable.isEmpty()) {
                        throw Problem.invalid("staffIds: " + unreachable + " are not active staff members with a mobile"
                                + " number and one of the roles " + RotationRepository.ON_DUTY_ROLES
                                + ", so forwarded calls could not be given to them");
                    }
                })
                .chain(() -> rotations.insert(new Rotation(0, cmd.name().trim(), cmd.position(), cmd.handover(),
                        cmd.periodDays(), cmd.startDate(), members, null), actor, clock.instant()))
                .call(this::reloadAfterChange);
    }

    /** Which of these people have left (a shift naming one rings nobody and is flagged). */
    public Uni<Set<Long>> leaversAmong(java.util.Collection<Long> staffIds) {
        return staffIds.isEmpty() ? Uni.createFrom().item(Set.of())
                : Panache.withSession(() -> staff.list("id in ?1 and active = false", Set.copyOf(staffIds)))
                        .map(left -> left.stream().map(p -> p.id).collect(Collectors.toSet()));
    }

    /** One shift as stored (cancelled ones too); 404 when there is none. */
    public Uni<DutyShift> shift(long id) {
        return Panache.withSession(() -> shifts.findById(id)).onItem().ifNull().failWith(() -> Problem.notFound("shift", id));
    }

    /** Why a shift is cancelled or a rotation ends, as it is kept on record. */
    private static String reason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw Problem.invalid("reason: say why the " + what + " (it is kept on record with the reason)");
        }
        if (reason.length() > 200) {
            throw Problem.invalid("reason: at most 200 characters, was " + reason.length());
        }
        return reason.trim();
    }

    /**
     * Ends a rotation now (kept on record with who and why): from now on it is nobody's turn, the turns
     * before stay. 404 for an unknown id, 409 when it was ended already.
     */
    public Uni<Rotation> endRotation(long id, String reason, String actor) {
        return rotations.end(id, reason(reason, "rotation ends"), actor, clock.instant())
                .chain(ended -> ended != null ? Uni.createFrom().item(ended) : rotation(id).invoke(r -> {
                    throw Problem.conflict("rotation " + id + " was ended already, at " + r.endedAt());
                }))
                .call(this::reloadAfterChange);
    }

    /** One rotation as stored; 404 when there is none. */
    public Uni<Rotation> rotation(long id) {
        return rotations.byId(id).onItem().ifNull().failWith(() -> Problem.notFound("rotation", id));
    }

    public List<Rotation> rotations() {
        return current.get().rotations();
    }

    /**
     * The on-duty chain at an instant, from memory (the routing script's): the shifts of the last two
     * days and all ahead. For an instant before that, see {@link #onDutyAnyTime}.
     */
    public List<OnDuty> onDutyAt(Instant at) {
        Snapshot s = current.get();
        return chain(at, s.shifts(), s.rotations(), s.staff());
    }

    /**
     * The on-duty chain at any instant, for the API: from memory when it holds that instant, otherwise
     * (who was on duty last week?) from the shifts in the database, with today's rotations.
     */
    public Uni<List<OnDuty>> onDutyAnyTime(Instant at) {
        Snapshot s = current.get();
        if (!at.isBefore(s.from())) {
            return Uni.createFrom().item(chain(at, s.shifts(), s.rotations(), s.staff()));
        }
        return Panache.withSession(() -> shifts.overlapping(at, at.plusNanos(1))
                .chain(list -> people(list, s.rotations()).map(people -> chain(at, list, s.rotations(), people))));
    }

    /**
     * The chain from its first change after {@code at} (within a week), from memory: a shift or a turn that
     * begins or ends and changes who is called, or in which order. Empty when nothing changes that soon.
     */
    public Optional<NextOnDuty> nextOnDutyAfter(Instant at) {
        Snapshot s = current.get();
        List<OnDuty> now = chain(at, s.shifts(), s.rotations(), s.staff());
        for (Instant change : OnDutyChain.changesBetween(at, at.plus(LOOK_AHEAD), s.shifts(), s.rotations(), zone)) {
            List<OnDuty> then = chain(change, s.shifts(), s.rotations(), s.staff());
            if (!then.equals(now)) {
                return Optional.of(new NextOnDuty(change, then));
            }
        }
        return Optional.empty();
    }

    private List<OnDuty> chain(Instant at, List<DutyShift> shiftList, List<Rotation> rota, Map<Long, Staff> people) {
        return OnDutyChain.at(at, shiftList, rota, zone).stream()
                .map(link -> {
                    Staff p = people.get(link.staffId());
                    return new OnDuty(link.staffId(), p == null ? null : p.name, p == null ? null : p.mobile,
                            link.position(), link.override());
                })
                .filter(d -> d.mobile() != null && people.get(d.staffId()).active) // a leaver leaves every chain
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
                        .call(() -> rotations.reachable(List.of(cmd.staffId())).invoke(ok -> {
                            if (ok.isEmpty()) {
                                throw Problem.invalid("staffId: staff member " + cmd.staffId() + " holds none of the roles"
                                        + " that take forwarded hotline calls " + RotationRepository.ON_DUTY_ROLES
                                        + "; give them one first (a station manager is not on the hotline's roster)");
                            }
                        }))
                        .chain(() -> shifts.persist(d)))
                .call(this::reloadAfterChange);
    }

    /**
     * Cancels a shift entered by mistake (kept on record with who, when and why); routing stops taking it
     * once committed. A running shift ends now (the record of who was on duty until now stays true); one
     * that has ended stays as it was.
     */
    public Uni<DutyShift> cancel(long id, String reason, String actor) {
        String why = reason(reason, "shift is cancelled");
        Instant now = clock.instant();
        // locked: of two supervisors cancelling at once, the second is told it was done
        return Panache.withTransaction(() -> shifts.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                        .onItem().ifNull().failWith(() -> Problem.notFound("shift", id))
                        .invoke(d -> {
                            if (d.cancelledAt != null) {
                                throw Problem.conflict("shift " + id + " was cancelled already, at " + d.cancelledAt
                                        + " by " + d.cancelledBy);
                            }
                            if (!d.endAt.isAfter(now)) {
                                throw Problem.conflict("shift " + id + " ended at " + d.endAt
                                        + ": a past shift is the record of who was on duty and stays as it was");
                            }
                            d.cancelledAt = now;
                            d.cancelledBy = actor;
                            d.cancelReason = why;
                            if (d.startAt.isBefore(now)) { // running: it ends now, and what was stays on record
                                d.plannedEndAt = d.endAt;
                                d.endAt = now;
                            }
                        }))
                .call(this::reloadAfterChange);
    }

    public Uni<List<DutyShift>> between(Instant from, Instant to, boolean withCancelled) {
        return Panache.withSession(() -> withCancelled ? shifts.overlappingWithCancelled(from, to)
                : shifts.overlapping(from, to));
    }
}
