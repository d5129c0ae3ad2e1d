package com.evhotline.console.admin;

import com.evhotline.security.Roles;
import com.evhotline.staff.service.StaffService;
import com.evhotline.staff.service.StaffService.StaffView;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The service stations for administrators: the list (manager, phone, channels, active) and registering one
 * through the station service, under the rules of {@code POST /api/stations}.
 */
@Path("/console/admin/stations")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class StationsPage {

    /** A station's form as typed, shown again when refused; {@code code} only when registering. */
    public record StationForm(@RestForm String code, @RestForm String name, @RestForm String region,
            @RestForm String phone, @RestForm String address, @RestForm String managerStaffId, @RestForm String active,
            @RestForm List<String> channels) {
    }

    /** A person who may manage a station; {@code chosen} as stored or just typed. */
    public record ManagerChoice(long id, String name, boolean chosen) {
        static List<ManagerChoice> of(List<StaffView> people, String chosen) {
            return people.stream().filter(StaffView::active).sorted(Comparator.comparing(StaffView::name))
                    .map(p -> new ManagerChoice(p.id(), p.name(), String.valueOf(p.id()).equals(chosen))).toList();
        }
    }

    private final Template template;
    private final AdminPage pages;
    private final StationService stations;
    private final StaffService staff;
    private final Validator validator;

    public StationsPage(@Location("console/admin/stations.html") Template template, AdminPage pages,
            StationService stations, StaffService staff, Validator validator) {
        this.template = template;
        this.pages = pages;
        this.stations = stations;
        this.staff = staff;
        this.validator = validator;
    }

    @GET
    public Uni<TemplateInstance> list(@Context HttpHeaders headers) {
        return page(new StationForm(null, null, null, null, null, null, "true", List.of()), null, headers);
    }

    /** Registers a station; then the list, at it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> add(@BeanParam StationForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var r = FormInput.valid(validator, new StationResource.StationRequest(FormInput.text("code", form.code()),
                    FormInput.text("name", form.name()), FormInput.text("region", form.region()),
                    FormInput.text("phone", form.phone()), FormInput.id("managerStaffId", form.managerStaffId()),
                    channels(form.channels())));
            return stations.create(new StationService.NewStation(r.code(), r.name(), r.region(), r.phone(),
                    r.managerStaffId(), r.preferredChannels())).map(s -> "/console/admin/stations#station-" + s.id);
        }, error -> page(form, error, headers));
    }

    /** The channels ticked (none: the configured plan). */
    static List<String> channels(List<String> ticked) {
        return ticked == null ? List.of() : ticked.stream().map(c -> FormInput.text("channels", c)).toList();
    }

    private Uni<TemplateInstance> page(StationForm form, String error, HttpHeaders headers) {
        return staff.list().chain(people -> stations.list().map(list -> {
            Map<Long, String> names = people.stream().collect(Collectors.toMap(StaffView::id, StaffView::name));
            return pages.of(template.instance()
                    .data("stations", list.stream().map(s -> StationRow.of(s, names)).toList())
                    .data("managers", ManagerChoice.of(people, form.managerStaffId()))
                    .data("channelChoices", Choice.of(StationChannels.ALL, form.channels()))
                    .data("in", form), error, headers);
        }));
    }
}
