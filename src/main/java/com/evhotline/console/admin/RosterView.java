package com.evhotline.console.admin;

import com.evhotline.common.WireTime;
import com.evhotline.console.Shown;
import com.evhotline.roster.DutyShift;
import com.evhotline.roster.RosterService;
import com.evhotline.roster.Rotation;
import com.evhotline.roster.RotationRepository;
import com.evhotline.staff.service.StaffService;
import com.evhotline.staff.service.StaffService.StaffView;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The roster page as it is drawn, after a look or after a refused form: the shifts of two weeks from a date
 * (who, from, to, place in the call order, whether its person has left), the rotations, and the people who can
 * be put on duty.
 */
@ApplicationScoped
public class RosterView {

    private static final int DAYS_SHOWN = 14;

    /** The shift form as typed, shown again when refused. */
    public record ShiftForm(@RestForm String staffId, @RestForm String start, @RestForm String end,
            @RestForm String position, @RestForm String override, @RestForm String note) {
        static final ShiftForm EMPTY = new ShiftForm(null, null, null, "1", null, null);
    }

    /** The rotation form as typed; {@code members} are staff ids in turn order. */
    public record RotationForm(@RestForm String name, @RestForm String position, @RestForm String handover,
            @RestForm String periodDays, @RestForm String startDate, @RestForm String members) {
        static final RotationForm EMPTY = new RotationForm(null, null, null, "1", null, null);
    }

    /** A shift of the list; {@code leaver}: its person has left, so it rings nobody. */
    public record ShiftRow(long id, long staffId, String person, String start, String end, int position,
            boolean override, String note, boolean cancellable, boolean leaver) {
    }

    /** A rotation: its members' names in turn order; {@code ended} null while it runs. */
    public record RotationRow(long id, String name, int position, String handover, int periodDays, LocalDate startDate,
            String members, String ended) {
    }

    /** Someone who can be put on duty; {@code chosen} in the form just refused. */
    public record Person(long id, String name, String mobile, boolean chosen) {
    }

    private final Template template;
    private final AdminPage pages;
    private final RosterService roster;
    private final StaffService staff;
    private final Clock clock;
    private final ZoneId zone;

    public RosterView(@Location("console/admin/roster.html") Template template, AdminPage pages, RosterService roster,
            StaffService staff, Clock clock, ZoneId zone) {
        this.template = template;
        this.pages = pages;
        this.roster = roster;
        this.staff = staff;
        this.clock = clock;
        this.zone = zone;
    }

    /** The page from {@code first} (null: today) with the forms as given and what to fix ({@code error}, or null). */
    Uni<TemplateInstance> page(LocalDate first, ShiftForm shiftForm, RotationForm rotationForm, String error,
            HttpHeaders headers) {
        LocalDate day = first == null ? clock.instant().atZone(zone).toLocalDate() : first;
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(DAYS_SHOWN).atStartOfDay(zone).toInstant();
        return staff.list().chain(people -> roster.between(from, to, false).chain(shifts -> roster
                .leaversAmong(shifts.stream().map(s -> s.staffId).toList()).map(left -> {
                    Map<Long, String> names = people.stream().collect(Collectors.toMap(StaffView::id, StaffView::name));
                    return pages.of(template.instance()
                            .data("from", day)
                            .data("shifts", shifts.stream().map(s -> row(s, names, left.contains(s.staffId))).toList())
                            .data("rotations", roster.rotations().stream().map(r -> row(r, names)).toList())
                            .data("people", people.stream().filter(RosterView::canBeOnDuty)
                                    .sorted(Comparator.comparing(StaffView::name))
                                    .map(p -> new Person(p.id(), p.name(), p.mobile(),
                                            String.valueOf(p.id()).equals(shiftForm.staffId()))).toList())
                            .data("shift", shiftForm)
                            .data("rotation", rotationForm), error, headers);
                })));
    }

    /** Active, with a mobile, and holding a role that takes forwarded calls (the roster service checks it again). */
    private static boolean canBeOnDuty(StaffView p) {
        return p.active() && p.mobile() != null && p.roles().stream().anyMatch(RotationRepository.ON_DUTY_ROLES::contains);
    }

    private ShiftRow row(DutyShift s, Map<Long, String> names, boolean leaver) {
        return new ShiftRow(s.id, s.staffId, names.getOrDefault(s.staffId, "#" + s.staffId), shown(s.startAt),
                shown(s.endAt), s.position, s.override, s.note, s.endAt.isAfter(clock.instant()), leaver);
    }

    private RotationRow row(Rotation r, Map<Long, String> names) {
        return new RotationRow(r.id(), r.name(), r.position(), r.handover().toString(), r.periodDays(), r.startDate(),
                r.members().stream().map(id -> names.getOrDefault(id, "#" + id)).collect(Collectors.joining(" → ")),
                r.endedAt() == null ? null : shown(r.endedAt()));
    }

    private String shown(Instant at) {
        return Shown.at(WireTime.show(at, zone));
    }
}
