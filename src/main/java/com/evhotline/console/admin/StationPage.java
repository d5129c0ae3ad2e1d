package com.evhotline.console.admin;

import com.evhotline.console.admin.StationsPage.ManagerChoice;
import com.evhotline.console.admin.StationsPage.StationForm;
import com.evhotline.security.Roles;
import com.evhotline.staff.service.StaffService;
import com.evhotline.staff.service.StaffService.StaffView;
import com.evhotline.station.Station;
import com.evhotline.station.StationChannels;
import com.evhotline.station.StationResource;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One station for administrators: changing its name, region, phone, address, manager, preferred channels and
 * whether it is active, through the station service under the rules of {@code PATCH /api/stations/{id}}.
 */
@Path("/console/admin/stations/{id}")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class StationPage {

    private final Template template;
    private final AdminPage pages;
    private final StationService stations;
    private final StaffService staff;
    private final Validator validator;

    public StationPage(@Location("console/admin/station.html") Template template, AdminPage pages,
            StationService stations, StaffService staff, Validator validator) {
        this.template = template;
        this.pages = pages;
        this.stations = stations;
        this.staff = staff;
        this.validator = validator;
    }

    @GET
    public Uni<TemplateInstance> station(@PathParam("id") long id, @Context HttpHeaders headers) {
        return page(id, null, null, headers);
    }

    /**
     * Changes the station as the form says: every field replaces the stored one, an empty text clears it, no
     * channel ticked goes back to the configured plan; a manager left unchosen stays as stored.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> change(@PathParam("id") long id, @BeanParam StationForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var r = FormInput.valid(validator, new StationResource.StationPatch(FormInput.given("name", form.name()),
                    FormInput.given("region", form.region()), FormInput.given("phone", form.phone()),
                    FormInput.given("address", form.address()), FormInput.id("managerStaffId", form.managerStaffId()),
                    "true".equals(form.active()), StationsPage.channels(form.channels())));
            return stations.change(id, new StationService.StationChange(r.name(), r.region(), r.phone(), r.address(),
                    r.managerStaffId(), r.active(), r.preferredChannels())).map(s -> "/console/admin/stations/" + id);
        }, error -> page(id, form, error, headers));
    }

    /** The page; {@code form} (null: the station as stored) is what the change form shows. */
    private Uni<TemplateInstance> page(long id, StationForm form, String error, HttpHeaders headers) {
        return stations.get(id).chain(s -> staff.list().map(people -> {
            StationForm in = form != null ? form : stored(s);
            Map<Long, String> names = people.stream().collect(Collectors.toMap(StaffView::id, StaffView::name));
            return pages.of(template.instance()
                    .data("s", StationRow.of(s, names))
                    .data("managers", ManagerChoice.of(people, in.managerStaffId()))
                    .data("channelChoices", Choice.of(StationChannels.ALL, in.channels()))
                    .data("in", in), error, headers);
        }));
    }

    private static StationForm stored(Station s) {
        return new StationForm(s.code, s.name, s.region, s.phone, s.address,
                s.managerStaffId == null ? null : s.managerStaffId.toString(), Boolean.toString(s.active),
                s.preferredChannels == null ? List.of() : List.of(s.preferredChannels));
    }
}
