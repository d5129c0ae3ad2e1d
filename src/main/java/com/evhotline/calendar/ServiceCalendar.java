package com.evhotline.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shift rule. Office hours (weekly pattern, public holidays, make-up working days) decide routing;
 * the day window decides a ticket's deadlines. Both read local wall time in the service's zone.
 * Immutable: a change yields a new calendar.
 */
public final class ServiceCalendar {

    private final ZoneId zone;
    private final WeeklyHours officeHours;
    private final List<WeeklyHours.Range> makeupDayHours;
    private final Optional<WeeklyHours> dayWindow;
    private final Map<LocalDate, DayType> days;

    /**
     * @param dayWindow empty when the day window is office hours; otherwise hours per weekday (the
     *     literal reading of 白天), which marked days change as they change office hours
     */
    public ServiceCalendar(ZoneId zone, WeeklyHours officeHours, List<WeeklyHours.Range> makeupDayHours,
            Optional<WeeklyHours> dayWindow, Map<LocalDate, DayType> days) {
        this.zone = zone;
        this.officeHours = officeHours;
        this.makeupDayHours = List.copyOf(makeupDayHours);
        this.dayWindow = dayWindow;
        this.days = Map.copyOf(days);
    }

    public ZoneId zone() {
        return zone;
    }

    public ServiceCalendar withDay(LocalDate date, DayType type) {
        Map<LocalDate, DayType> changed = new HashMap<>(days);
        changed.put(date, type);
        return new ServiceCalendar(zone, officeHours, makeupDayHours, dayWindow, changed);
    }

    /** The calendar without the date's mark: the weekly pattern holds on that date again. */
    public ServiceCalendar withoutDay(LocalDate date) {
        Map<LocalDate, DayType> changed = new HashMap<>(days);
        changed.remove(date);
        return new ServiceCalendar(zone, officeHours, makeupDayHours, dayWindow, changed);
    }

    /** The office hours of an ordinary week, before holidays and make-up days change them. */
    public WeeklyHours weeklyOfficeHours() {
        return officeHours;
    }

    public Optional<DayType> markOn(LocalDate date) {
        return Optional.ofNullable(days.get(date));
    }

    public boolean isOfficeHours(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return WeeklyHours.inside(officeHoursOn(local.toLocalDate()), local.toLocalTime());
    }

    public Shift shiftAt(Instant at) {
        if (dayWindow.isEmpty()) {
            return isOfficeHours(at) ? Shift.DAY : Shift.NIGHT;
        }
        ZonedDateTime local = at.atZone(zone);
        return WeeklyHours.inside(dayWindowOn(local.toLocalDate()), local.toLocalTime()) ? Shift.DAY : Shift.NIGHT;
    }

    /**
     * A configured day window treats marked days as office hours do: a public holiday has none (the
     * on-duty team's longer deadlines all day), a make-up working day has the window of the first
     * weekday (Monday first) that has one, whatever its own weekday's.
     */
    private List<WeeklyHours.Range> dayWindowOn(LocalDate date) {
        DayType mark = days.get(date);
        if (mark == DayType.HOLIDAY) {
            return List.of();
        }
        if (mark == DayType.WORKDAY) {
            for (DayOfWeek d = DayOfWeek.MONDAY; d != DayOfWeek.SATURDAY; d = d.plus(1)) {
                if (!dayWindow.get().on(d).isEmpty()) {
                    return dayWindow.get().on(d);
                }
            }
        }
        return dayWindow.get().on(date.getDayOfWeek());
    }

    /** Why the instant is or is not in office hours, in words an administrator checks a roster by. */
    public String reasonAt(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        DayType mark = days.get(date);
        String open = isOfficeHours(at) ? "inside office hours" : "outside office hours";
        if (mark == DayType.HOLIDAY) {
            return "public holiday " + date;
        }
        if (mark == DayType.WORKDAY) {
            return "make-up working day " + date + ", " + open;
        }
        return open;
    }

    /** The office hours of a date: none on a public holiday, the make-up hours on a make-up working day. */
    public List<WeeklyHours.Range> officeHoursOn(LocalDate date) {
        DayType mark = days.get(date);
        if (mark == DayType.HOLIDAY) {
            return List.of();
        }
        // a make-up working day has the make-up hours, whatever its own weekday's hours
        return mark == DayType.WORKDAY ? makeupDayHours : officeHours.on(date.getDayOfWeek());
    }
}
