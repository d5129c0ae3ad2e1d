package com.evhotline.console.admin;

import com.evhotline.calendar.CalendarConfig;
import com.evhotline.calendar.CalendarDay;
import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.DayType;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.WeeklyHours;
import com.evhotline.calendar.rest.CalendarResource;
import com.evhotline.common.Problem;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The service calendar for administrators: office hours per weekday, sixty days from a date with their marks
 * and hours, the marked days; marking a date a public holiday or a make-up working day, and unmarking it,
 * through the calendar service under the rules of {@code POST /api/calendar/days}. Supervisors read it.
 */
@Path("/console/admin/calendar")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class CalendarPage {

    private static final int DAYS_SHOWN = 60;

    /** The mark form as typed, shown again when refused. */
    public record DayForm(@RestForm String date, @RestForm String type, @RestForm String note) {
    }

    /** A weekday's office hours; {@code hours} null when closed. */
    public record WeekdayRow(String day, String hours) {
    }

    /** A date of the list: its mark (or null), the mark's note, its office hours (null: none). */
    public record DateRow(LocalDate date, String weekday, String mark, String note, String hours) {
    }

    /** A marked date, with who marked it. */
    public record MarkRow(LocalDate date, String mark, String note, String by) {
    }

    private final Template template;
    private final AdminPage pages;
    private final CalendarService calendar;
    private final CalendarConfig config;
    private final Validator validator;
    private final Clock clock;
    private final ZoneId zone;

    public CalendarPage(@Location("console/admin/calendar.html") Template template, AdminPage pages,
            CalendarService calendar, CalendarConfig config, Validator validator, Clock clock, ZoneId zone) {
        this.template = template;
        this.pages = pages;
        this.calendar = calendar;
        this.config = config;
        this.validator = validator;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> calendar(@QueryParam("from") String from, @Context HttpHeaders headers) {
        LocalDate first;
        try {
            first = FormInput.day("from", from);
        } catch (Problem unreadable) {
            return page(today(), empty(), unreadable.getMessage(), headers);
        }
        return page(first == null ? today() : first, empty(), null, headers);
    }

    /** Marks a date; then the calendar from the first of its month. */
    @POST
    @Path("days")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> mark(@BeanParam DayForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var day = FormInput.valid(validator, new CalendarResource.DayRequest(FormInput.date("date", form.date()),
                    FormInput.choice("type", form.type(), DayType.class), FormInput.text("note", form.note())));
            return calendar.mark(day.date(), day.type(), day.note(), pages.actor()).map(d -> monthOf(d.day));
        }, error -> page(today(), form, error, headers));
    }

    /** Takes a date's mark away; then the calendar from the first of its month. */
    @POST
    @Path("days/{date}/unmark")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> unmark(@PathParam("date") String date, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            LocalDate day = FormInput.date("date", date);
            return calendar.unmark(day, pages.actor()).map(done -> monthOf(day));
        }, error -> page(today(), empty(), error, headers));
    }

    private Uni<TemplateInstance> page(LocalDate first, DayForm form, String error, HttpHeaders headers) {
        ServiceCalendar now = calendar.current();
        LocalDate last = first.plusDays(DAYS_SHOWN - 1);
        return calendar.marked(first, first.plusYears(1)).map(marked -> {
            Map<LocalDate, CalendarDay> byDate = marked.stream().collect(Collectors.toMap(d -> d.day, Function.identity()));
            List<DateRow> days = first.datesUntil(last.plusDays(1)).map(date -> {
                CalendarDay m = byDate.get(date);
                return new DateRow(date, date.getDayOfWeek().name(), m == null ? null : m.type.name(),
                        m == null ? null : m.note, hours(now.officeHoursOn(date)));
            }).toList();
            return pages.of(template.instance()
                    .data("weekly", Arrays.stream(DayOfWeek.values())
                            .map(d -> new WeekdayRow(d.name(), hours(now.weeklyOfficeHours().on(d)))).toList())
                    .data("makeupHours", config.makeupDayHours())
                    .data("dayWindow", config.dayWindow())
                    .data("from", first)
                    .data("days", days)
                    .data("marked", marked.stream().map(d -> new MarkRow(d.day, d.type.name(), d.note, d.createdBy)).toList())
                    .data("in", form), error, headers);
        });
    }

    /** Ranges as people write them ({@code 08:30-12:00, 13:30-17:30}); null when there are none. */
    static String hours(List<WeeklyHours.Range> ranges) {
        return ranges.isEmpty() ? null : ranges.stream()
                .map(r -> r.start() + "-" + (r.end() == null ? "24:00" : r.end().toString()))
                .collect(Collectors.joining(", "));
    }

    private LocalDate today() {
        return clock.instant().atZone(zone).toLocalDate();
    }

    private static String monthOf(LocalDate day) {
        return "/console/admin/calendar?from=" + day.withDayOfMonth(1);
    }

    private static DayForm empty() {
        return new DayForm(null, null, null);
    }
}
