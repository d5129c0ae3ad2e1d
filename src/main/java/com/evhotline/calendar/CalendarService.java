package com.evhotline.calendar;

import com.evhotline.calendar.repository.CalendarDayRepository;
import com.evhotline.common.StartupLoads;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the service calendar in memory (routing decides from it without a database round trip) and
 * keeps it in step with the marked days stored in the database.
 */
@ApplicationScoped
public class CalendarService {

    private final AtomicReference<ServiceCalendar> current = new AtomicReference<>();
    private final CalendarConfig config;
    private final ZoneId zone;
    private final Clock clock;
    private final CalendarDayRepository days;

    public CalendarService(CalendarConfig config, ZoneId zone, Clock clock, CalendarDayRepository days) {
        this.days = days;
        this.config = config;
        this.zone = zone;
        this.clock = clock;
        this.current.set(build(Map.of()));
    }

    void load(@Observes StartupEvent start, StartupLoads loads) {
        loads.begin("reading the calendar", () -> Panache.withSession(days::listAll).invoke(stored -> {
            Map<LocalDate, DayType> marks = new HashMap<>();
            stored.forEach(d -> marks.put(d.day, d.type));
            current.set(build(marks));
        }));
    }

    public ServiceCalendar current() {
        return current.get();
    }

    /** Marks a date (a second mark replaces the first); the calendar in memory changes once it is committed. */
    public Uni<CalendarDay> mark(LocalDate date, DayType type, String note, String actor) {
        return Panache.withTransaction(() -> days.findById(date)
                .map(existing -> existing != null ? existing : newDay(date))
                .invoke(day -> {
                    day.type = type;
                    day.note = note;
                    day.createdBy = actor;
                    day.createdAt = clock.instant();
                })
                .call(days::persist))
                .invoke(day -> current.updateAndGet(c -> c.withDay(date, type)));
    }

    public Uni<List<CalendarDay>> marked(LocalDate from, LocalDate to) {
        return days.between(from, to);
    }

    private static CalendarDay newDay(LocalDate date) {
        CalendarDay d = new CalendarDay();
        d.day = date;
        return d;
    }

    private ServiceCalendar build(Map<LocalDate, DayType> marks) {
        try {
            String spec = config.dayWindow().trim();
            Optional<WeeklyHours> window = "office-hours".equalsIgnoreCase(spec) ? Optional.empty()
                    : Optional.of(spec.matches("^[0-9].*") ? WeeklyHours.everyDay(spec) : WeeklyHours.parse(spec));
            return new ServiceCalendar(zone, WeeklyHours.parse(config.officeHours()),
                    WeeklyHours.parseRanges(config.makeupDayHours()), window, marks);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hotline.calendar: " + e.getMessage(), e);
        }
    }
}
