package com.evhotline.calendar.repository;

import com.evhotline.calendar.CalendarDay;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/** Marked dates of the service calendar. */
@ApplicationScoped
@WithSession
public class CalendarDayRepository implements PanacheRepositoryBase<CalendarDay, LocalDate> {

    public Uni<List<CalendarDay>> between(LocalDate from, LocalDate to) {
        return list("day >= ?1 and day <= ?2 order by day", from, to);
    }
}
