package com.evhotline.console.admin;

import com.evhotline.common.Problem;
import com.evhotline.console.admin.StaffPage.PersonForm;
import com.evhotline.console.admin.StaffPage.StationChoice;
import com.evhotline.security.Roles;
import com.evhotline.staff.rest.StaffResource;
import com.evhotline.staff.service.Logins;
import com.evhotline.staff.service.StaffService;
import com.evhotline.staff.service.StaffService.StaffView;
import com.evhotline.station.StationService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.ZoneId;

/**
 * One person for administrators: changing their name, roles, mobile, e-mail, region, station and phone,
 * deactivating them (they leave every on-duty chain) or bringing them back, and lifting their login's lock;
 * through the staff services, under the rules of {@code PATCH /api/staff/{id}}.
 */
@Path("/console/admin/staff/{id}")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class PersonPage {

    private final Template template;
    private final AdminPage pages;
    private final StaffService staff;
    private final Logins logins;
    private final StationService stations;
    private final Validator validator;
    private final Clock clock;
    private final ZoneId zone;

    public PersonPage(@Location("console/admin/person.html") Template template, AdminPage pages, StaffService staff,
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
    public Uni<TemplateInstance> person(@PathParam("id") long id, @Context HttpHeaders headers) {
        return page(id, null, null, headers);
    }

    /** Changes the person as the form says: every field given replaces the stored one, an empty one clears it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> change(@PathParam("id") long id, @BeanParam PersonForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var r = FormInput.valid(validator, new StaffResource.StaffPatch(FormInput.given("name", form.name()),
                    FormInput.given("mobile", form.mobile()), FormInput.given("email", form.email()),
                    StaffPage.roles(form.roles()), FormInput.given("region", form.region()),
                    FormInput.id("stationId", form.stationId()), null, FormInput.given("device", form.device())));
            return staff.change(id, new StaffService.StaffChange(r.name(), r.mobile(), r.email(), r.roles(), r.region(),
                    r.stationId(), null, r.device())).map(v -> here(id));
        }, error -> page(id, form, error, headers));
    }

    /** Deactivates the person (a leaver: off every chain, told nothing more) or brings them back. */
    @POST
    @Path("active")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> active(@PathParam("id") long id, @FormParam("active") String active, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> staff.change(id, new StaffService.StaffChange(null, null, null, null, null, null,
                "true".equals(active), null)).map(v -> here(id)), error -> page(id, null, error, headers));
    }

    /** Enables the login again and lifts any lock. */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> unlock(@PathParam("id") long id, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> logins.enable(id, true).map(v -> here(id)), error -> page(id, null, error, headers));
    }

    /** The page; {@code form} (null: the person as stored) is what the change form shows. */
    private Uni<TemplateInstance> page(long id, PersonForm form, String error, HttpHeaders headers) {
        return staff.get(id).chain(p -> login(id).chain(login -> stations.list().map(stationList -> {
            PersonForm in = form != null ? form : stored(p);
            String station = p.stationId() == null ? null : stationList.stream().filter(s -> s.id.equals(p.stationId()))
                    .map(s -> s.name).findFirst().orElse(null);
            return pages.of(template.instance()
                    .data("p", PersonRow.of(p, login, station, clock.instant(), zone))
                    .data("roleChoices", Choice.of(Roles.ALL, in.roles()))
                    .data("stations", StationChoice.of(stationList, in.stationId()))
                    .data("in", in), error, headers);
        })));
    }

    private Uni<Logins.LoginView> login(long id) {
        return logins.of(id).onFailure(e -> e instanceof Problem p && p.status() == 404).recoverWithNull();
    }

    private static PersonForm stored(StaffView p) {
        return new PersonForm(p.name(), p.mobile(), p.email(), p.roles(), p.region(),
                p.stationId() == null ? null : p.stationId().toString(), p.device(), null, null);
    }

    private static String here(long id) {
        return "/console/admin/staff/" + id;
    }
}
