package com.evhotline.calendar.rest;

import com.evhotline.calendar.CalendarDay;
import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.DayType;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.Shift;
import com.evhotline.common.BusinessDates;
import com.evhotline.common.BusinessTime;
import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The service calendar: the shift at an instant, and public holidays and make-up working days. */
@Path("/api/calendar")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class CalendarResource {

    /** What the calendar says of an instant. */
    public record ShiftView(OffsetDateTime at, Shift shift, boolean officeHours, String reason) {
    }

    /** {@code POST /api/calendar/days}. */
    public record DayRequest(@NotNull @BusinessTime LocalDate date, @NotNull DayType type, @Size(max = 200) String note) {
    }

    /** A marked date. */
    public record DayView(LocalDate date, DayType type, String note, String createdBy) {
        static DayView of(CalendarDay d) {
            return new DayView(d.day, d.type, d.note, d.createdBy);
        }
    }

    private final CalendarService calendar;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final ZoneId zone;

    public CalendarResource(CalendarService calendar, SecurityIdentity identity, Clock clock, ZoneId zone) {
        this.calendar = calendar;
        this.identity = identity;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    @Path("shift")
    public ShiftView shift(@QueryParam("at") String at) {
        Instant instant = WireTime.parseOr("at", at, clock.instant());
        ServiceCalendar c = calendar.current();
        return new ShiftView(WireTime.show(instant, zone), c.shiftAt(instant), c.isOfficeHours(instant), c.reasonAt(instant));
    }

    @POST
    @Path("days")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<DayView> mark(@Valid @NotNull DayRequest r) {
        return calendar.mark(r.date(), r.type(), r.note(), CurrentUser.of(identity).username()).map(DayView::of);
    }

    @GET
    @Path("days")
    public Uni<List<DayView>> days(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate f = date("from", from, today.withDayOfYear(1));
        LocalDate t = date("to", to, f.plusYears(1));
        return calendar.marked(f, t).map(days -> days.stream().map(DayView::of).toList());
    }

    private static LocalDate date(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Problem.invalid(name + ": expected a date like 2026-10-01, got '" + value + "'");
        }
        if (!BusinessDates.accepts(day)) {
            throw Problem.invalid(name + ": " + value + " " + BusinessDates.RANGE);
        }
        return day;
    }
}
