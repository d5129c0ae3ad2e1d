package com.evhotline.console.admin;

import com.evhotline.calendar.CalendarService;
import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.console.Shown;
import com.evhotline.routing.Routing;
import com.evhotline.routing.RoutingPreview;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * "Who would be rung at this instant?": the answer the FastAGI script would give ({@link RoutingPreview}), for
 * a date and time in the hotline's zone (now by default): the agents' queue in office hours, else the on-duty
 * mobiles in call order; and the shift whose deadlines a ticket would run on.
 */
@Path("/console/admin/routing")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class RoutingPage {

    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** A person the call would ring, in call order. */
    public record Rung(int order, int position, String name, String mobile, boolean override) {
    }

    /** The decision as the page shows it; {@code mark} is the date's mark in the calendar, or null. */
    public record Answer(String at, String route, String queue, List<Rung> rung, boolean officeHours, String shift,
            String mark, String reason) {
    }

    private final Template template;
    private final AdminPage pages;
    private final RoutingPreview routing;
    private final CalendarService calendar;
    private final Clock clock;
    private final ZoneId zone;

    public RoutingPage(@Location("console/admin/routing.html") Template template, AdminPage pages,
            RoutingPreview routing, CalendarService calendar, Clock clock, ZoneId zone) {
        this.template = template;
        this.pages = pages;
        this.routing = routing;
        this.calendar = calendar;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<Response> preview(@QueryParam("at") String at, @Context HttpHeaders headers) {
        OffsetDateTime asked;
        try {
            asked = FormInput.wallClock("at", at, zone);
        } catch (Problem unreadable) {
            return Uni.createFrom().item(Response.status(unreadable.status()).type(MediaType.TEXT_HTML_TYPE)
                    .entity(page(at, null, unreadable.getMessage(), headers)).build());
        }
        Instant instant = asked == null ? clock.instant() : asked.toInstant();
        return routing.at(instant).map(r -> Response.ok(page(FIELD.format(instant.atZone(zone)), answer(r), null, headers))
                .type(MediaType.TEXT_HTML_TYPE).build());
    }

    private io.quarkus.qute.TemplateInstance page(String at, Answer answer, String error, HttpHeaders headers) {
        return pages.of(template.instance().data("at", at).data("answer", answer), error, headers);
    }

    private Answer answer(Routing r) {
        List<Rung> rung = new java.util.ArrayList<>();
        r.forward().forEach(d -> rung.add(new Rung(rung.size() + 1, d.position(), d.name(), d.mobile(), d.override())));
        String mark = calendar.current().markOn(r.at().atZone(zone).toLocalDate()).map(Enum::name).orElse(null);
        return new Answer(Shown.at(WireTime.show(r.at(), zone)), r.route().name(), r.queue(), rung, r.officeHours(),
                r.shift().name(), mark, r.reason());
    }
}
