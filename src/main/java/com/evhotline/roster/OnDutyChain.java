package com.evhotline.roster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is on duty at an instant, in call order: per position the override covering the instant, else
 * the regular shift (the later-written one when two overlap). One person is called once, at their
 * first place.
 */
public final class OnDutyChain {

    /** One link of the chain. */
    public record Link(int position, long staffId, boolean override, long shiftId) {
    }

    private OnDutyChain() {
    }

    public static List<Link> at(Instant at, Collection<DutyShift> shifts) {
        Map<Integer, DutyShift> byPosition = new TreeMap<>();
        shifts.stream()
                .filter(s -> s.covers(at))
                .sorted(Comparator.comparing((DutyShift s) -> s.override).thenComparing(s -> s.id))
                .forEach(s -> byPosition.put(s.position, s)); // overrides and later shifts come last and win
        List<Link> chain = new ArrayList<>();
        List<Long> called = new ArrayList<>();
        byPosition.forEach((position, s) -> {
            if (!called.contains(s.staffId)) {
                called.add(s.staffId);
                chain.add(new Link(position, s.staffId, s.override, s.id));
            }
        });
        return chain;
    }
}
