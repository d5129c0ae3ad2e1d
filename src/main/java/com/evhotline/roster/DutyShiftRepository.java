package com.evhotline.roster;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Duty shifts. */
@ApplicationScoped
public class DutyShiftRepository implements PanacheRepository<DutyShift> {

    /** The shifts that count: not cancelled, or cancelled while running (they ended then). */
    private static final String COUNTS = "(cancelledAt is null or cancelledAt > startAt)";

    public Uni<List<DutyShift>> endingAfter(Instant t) {
        return list("endAt > ?1 and " + COUNTS + " order by id", t);
    }

    public Uni<List<DutyShift>> overlapping(Instant from, Instant to) {
        return list("endAt > ?1 and startAt < ?2 and " + COUNTS + " order by startAt, position", from, to);
    }

    /** Every shift in the span, those cancelled before they began too (for a supervisor looking back). */
    public Uni<List<DutyShift>> overlappingWithCancelled(Instant from, Instant to) {
        return list("endAt > ?1 and startAt < ?2 order by startAt, position", from, to);
    }
}
