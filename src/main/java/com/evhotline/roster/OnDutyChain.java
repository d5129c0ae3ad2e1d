package com.evhotline.roster;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
}
