package com.evhotline.console.admin;

import com.evhotline.security.Roles;
import com.evhotline.staff.rest.StaffResource;
import com.evhotline.staff.service.Logins;
import com.evhotline.staff.service.StaffService;
import com.evhotline.station.Station;
import com.evhotline.station.StationService;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The people of the service for administrators: each with roles, mobile, e-mail, station, region, phone, whether
 * active, and their login; and adding a person (with a login if wanted) through the staff service, so every rule
 * of {@code POST /api/staff} holds and is said on the page when broken.
 */
@Path("/console/admin/staff")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class StaffPage {

    /** The form as typed, shown again when refused (the password never is). */
    public record PersonForm(@RestForm String name, @RestForm String mobile, @RestForm String email,
            @RestForm List<String> roles, @RestForm String region, @RestForm String stationId, @RestForm String device,
            @RestForm String username, @RestForm String password) {
    }

    /** A station to choose; {@code chosen} as stored or just typed. */
    public record StationChoice(long id, String code, String name, boolean chosen) {
        static List<StationChoice> of(List<Station> stations, String chosen) {
            return stations.stream().map(s -> new StationChoice(s.id, s.code, s.name, String.valueOf(s.id).equals(chosen)))
                    .toList();
        }
    }

    private final Template template;
    private final AdminPage pages;
    private final StaffService staff;
    private final Logins logins;
    private final StationService stations;
    private final Validator validator;
    private final Clock clock;
    private final ZoneId zone;

    public StaffPage(@Location("console/admin/staff.html") Template template, AdminPage pages, StaffService staff,
            Logins logins, StationService stations, Validator validator, Clock clock, ZoneId zone) {
        this.template = template;
        this.pages = pages;
        this.staff = staff;
        this.logins = logins;
        this.stations = stations;
        this.validator = validator;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> list(@Context HttpHeaders headers) {
        return page(new PersonForm(null, null, null, List.of(), null, null, null, null, null), null, headers);
    }

    /** Adds a person; then the list, at them. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> add(@BeanParam PersonForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var r = FormInput.valid(validator, new StaffResource.StaffRequest(FormInput.text("name", form.name()),
                    FormInput.text("mobile", form.mobile()), FormInput.text("email", form.email()), roles(form.roles()),
                    FormInput.text("region", form.region()), FormInput.id("stationId", form.stationId()),
                    FormInput.text("username", form.username()), FormInput.text("password", form.password()),
                    FormInput.text("device", form.device())));
            return staff.create(new StaffService.NewStaff(r.name(), r.mobile(), r.email(), r.roles(), r.region(),
                    r.stationId(), r.username(), r.password(), r.device())).map(v -> "/console/admin/staff#person-" + v.id());
        }, error -> page(form, error, headers));
    }

    /** The roles ticked, as the API takes them (none ticked: an empty list, which the rules refuse). */
    static List<String> roles(List<String> ticked) {
        return ticked == null ? List.of() : ticked.stream().map(r -> FormInput.text("roles", r)).toList();
    }

    private Uni<TemplateInstance> page(PersonForm form, String error, HttpHeaders headers) {
        return stations.list().chain(stationList -> logins.all().chain(loginList -> staff.list().map(people -> {
            Map<Long, Logins.LoginView> loginOf = loginList.stream()
                    .collect(Collectors.toMap(Logins.LoginView::staffId, Function.identity()));
            Map<Long, String> stationName = stationList.stream().collect(Collectors.toMap(s -> s.id, s -> s.name));
            return pages.of(template.instance()
                    .data("people", people.stream().sorted(Comparator.comparing(StaffService.StaffView::id)).map(p -> PersonRow.of(p, loginOf.get(p.id()),
                            p.stationId() == null ? null : stationName.get(p.stationId()), clock.instant(), zone)).toList())
                    .data("roleChoices", Choice.of(Roles.ALL, form.roles()))
                    .data("stations", StationChoice.of(stationList, form.stationId()))
                    .data("in", form), error, headers);
        })));
    }
}
