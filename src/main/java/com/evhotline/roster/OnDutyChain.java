package com.evhotline.roster;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is on duty at an instant, in call order: per position the override covering the instant, else
 * the regular shift (the later-written one when two overlap), else the rotation's member whose turn
 * it is. One person is called once, at their first place. (A rotation's link carries the negated
 * rotation id where a shift carries its id.)
 */
public final class OnDutyChain {

    /** One link of the chain. */
    public record Link(int position, long staffId, boolean override, long shiftId) {
    }

    private OnDutyChain() {
    }

    public static List<Link> at(Instant at, Collection<DutyShift> shifts) {
        return at(at, shifts, List.of(), ZoneId.of("UTC"));
    }

    /** As {@link #at(Instant, Collection)}, with rotations filling the positions no shift covers. */
    public static List<Link> at(Instant at, Collection<DutyShift> shifts, Collection<Rotation> rotations, ZoneId zone) {
        Map<Integer, Link> links = new TreeMap<>();
        rotations.stream().sorted(Comparator.comparingLong(Rotation::id)).forEach(r -> r.memberAt(at, zone)
                .ifPresent(staff -> links.put(r.position(), new Link(r.position(), staff, false, -r.id()))));
        Map<Integer, DutyShift> byPosition = new TreeMap<>();
        shifts.stream()
                .filter(s -> s.covers(at))
                .sorted(Comparator.comparing((DutyShift s) -> s.override).thenComparing(s -> s.id))
                .forEach(s -> byPosition.put(s.position, s)); // overrides and later shifts come last and win
        byPosition.forEach((position, s) -> links.put(position, new Link(position, s.staffId, s.override, s.id)));
        List<Link> chain = new ArrayList<>();
        List<Long> called = new ArrayList<>();
        links.values().forEach(link -> {
            if (!called.contains(link.staffId())) {
                called.add(link.staffId());
                chain.add(link);
            }
        });
        return chain;
    }

    /**
     * The instants in {@code (after, until]} at which the chain may change, in order: every shift's start and end,
     * and every rotation's hand-over, start and end. Between two of them the chain stays as it is, so the chain at
     * each of them says everything that is coming.
     */
    public static List<Instant> changesBetween(Instant after, Instant until, Collection<DutyShift> shifts,
            Collection<Rotation> rotations, ZoneId zone) {
        TreeSet<Instant> at = new TreeSet<>();
        shifts.forEach(s -> {
            at.add(s.startAt);
            at.add(s.endAt);
        });
        rotations.forEach(r -> {
            if (r.endedAt() != null) {
                at.add(r.endedAt());
            }
            for (var day = after.atZone(zone).toLocalDate().minusDays(1); !day.atStartOfDay(zone).toInstant().isAfter(until);
                    day = day.plusDays(1)) {
                at.add(day.atTime(r.handover()).atZone(zone).toInstant());
            }
        });
        return List.copyOf(at.subSet(after, false, until, true));
    }
}
