package com.evhotline.roster;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Duty shifts. */
@ApplicationScoped
public class DutyShiftRepository implements PanacheRepository<DutyShift> {

    public Uni<List<DutyShift>> endingAfter(Instant t) {
        return list("endAt > ?1 and cancelledAt is null order by id", t);
    }

    public Uni<List<DutyShift>> overlapping(Instant from, Instant to) {
        return list("endAt > ?1 and startAt < ?2 and cancelledAt is null order by startAt, position", from, to);
    }
}
