package com.evhotline.console.admin;

import com.evhotline.common.Problem;
import com.evhotline.console.admin.RosterView.RotationForm;
import com.evhotline.console.admin.RosterView.ShiftForm;
import com.evhotline.roster.RosterService;
import com.evhotline.roster.rest.RosterResource;
import com.evhotline.security.Roles;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The duty roster for administrators: two weeks of shifts from a date, adding a shift and cancelling one through
 * the roster service under the rules of {@code /api/roster/shifts} (rotations: {@link RotationForms}).
 * Supervisors read it.
 */
@Path("/console/admin/roster")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class RosterPage {

    private final RosterView view;
    private final AdminPage pages;
    private final RosterService roster;
    private final Validator validator;
    private final ZoneId zone;

    public RosterPage(RosterView view, AdminPage pages, RosterService roster, Validator validator, ZoneId zone) {
        this.view = view;
        this.pages = pages;
        this.roster = roster;
        this.validator = validator;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> roster(@QueryParam("from") String from, @Context HttpHeaders headers) {
        try {
            return view.page(FormInput.day("from", from), ShiftForm.EMPTY, RotationForm.EMPTY, null, headers);
        } catch (Problem unreadable) {
            return view.page(null, ShiftForm.EMPTY, RotationForm.EMPTY, unreadable.getMessage(), headers);
        }
    }

    /** Puts someone on duty; then the two weeks from the shift's first day. */
    @POST
    @Path("shifts")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> add(@BeanParam ShiftForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            var r = FormInput.valid(validator, new RosterResource.ShiftRequest(FormInput.id("staffId", form.staffId()),
                    FormInput.wallClock("start", form.start(), zone), FormInput.wallClock("end", form.end(), zone),
                    FormInput.number("position", form.position()), "true".equals(form.override()),
                    FormInput.text("note", form.note())));
            return roster.add(new RosterService.NewShift(r.staffId(), r.start().toInstant(), r.end().toInstant(),
                    r.position(), r.override(), r.note()), pages.actor()).map(s -> weeksOf(s.startAt));
        }, error -> view.page(null, form, RotationForm.EMPTY, error, headers));
    }

    /** Cancels a shift entered by mistake, with the reason kept on record. */
    @POST
    @Path("shifts/{id}/cancel")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancel(@PathParam("id") long id, @FormParam("reason") String reason, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> roster.cancel(id, FormInput.text("reason", reason), pages.actor())
                .map(s -> weeksOf(s.startAt)), error -> view.page(null, ShiftForm.EMPTY, RotationForm.EMPTY, error, headers));
    }

    private String weeksOf(Instant at) {
        return "/console/admin/roster?from=" + at.atZone(zone).toLocalDate();
    }
}
