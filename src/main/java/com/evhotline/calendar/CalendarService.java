package com.evhotline.calendar;

import com.evhotline.calendar.repository.CalendarDayRepository;
import com.evhotline.common.OnSafeContext;
import com.evhotline.common.Problem;
import com.evhotline.common.StartupLoads;
import com.evhotline.db.TableChanges;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the service calendar in memory (routing decides from it without a database round trip) and
 * keeps it in step with the marked days stored in the database: at once after a change made here,
 * within seconds of one committed elsewhere ({@link TableChanges}), and every minute in any case.
 */
@ApplicationScoped
public class CalendarService {

    private static final Logger LOG = Logger.getLogger(CalendarService.class);

    /** The calendar in memory, with the number of the read it came from. */
    private record Held(long read, ServiceCalendar calendar) {
    }

    private final AtomicReference<Held> current = new AtomicReference<>();
    private final AtomicLong reads = new AtomicLong();
    private final CalendarConfig config;
    private final ZoneId zone;
    private final Clock clock;
    private final CalendarDayRepository days;
    private final Vertx vertx;

    public CalendarService(CalendarConfig config, ZoneId zone, Clock clock, CalendarDayRepository days, Vertx vertx) {
        this.vertx = vertx;
        this.days = days;
        this.config = config;
        this.zone = zone;
        this.clock = clock;
        this.current.set(new Held(0, build(Map.of())));
    }

    void load(@Observes StartupEvent start, StartupLoads loads, TableChanges changes) {
        loads.begin("reading the calendar", this::reload);
        changes.follow("calendar_day", this::rereadSoon);
    }

    /**
     * Reads the marked days again. Of two reads that overlap, the one begun later is kept whatever
     * order they finish in: it saw every change committed before it began.
     */
    public Uni<Void> reload() {
        return Uni.createFrom().deferred(() -> {
            long generation = reads.incrementAndGet();
            return Panache.withSession(days::listAll).invoke(stored -> {
                Map<LocalDate, DayType> marks = new HashMap<>();
                stored.forEach(d -> marks.put(d.day, d.type));
                Held read = new Held(generation, build(marks));
                current.accumulateAndGet(read, (held, fresh) -> fresh.read() > held.read() ? fresh : held);
            });
        }).replaceWithVoid();
    }

    /** Every minute, and when another instance (or SQL by hand) changed a day: read again, off the caller's thread. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rereadSoon() {
        OnSafeContext.start(vertx, this::reload, LOG,
                "Cannot read the calendar again (%s): routing goes on with it as last read");
    }

    public ServiceCalendar current() {
        return current.get().calendar();
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
                .invoke(day -> current.updateAndGet(h -> new Held(h.read(), h.calendar().withDay(date, type))));
    }

    /**
     * Takes a date's mark away (the weekly pattern holds on it again); the calendar in memory changes once it
     * is committed. 404 when the date is not marked: nothing to take away.
     */
    public Uni<Void> unmark(LocalDate date, String actor) {
        return Panache.withTransaction(() -> days.deleteById(date))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw new Problem(404, "Not found", "date: " + date + " is not marked; there is nothing to unmark");
                    }
                    LOG.infof("%s unmarked %s: the weekly office hours hold on it again", actor, date);
                    current.updateAndGet(h -> new Held(h.read(), h.calendar().withoutDay(date)));
                })
                .replaceWithVoid();
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
