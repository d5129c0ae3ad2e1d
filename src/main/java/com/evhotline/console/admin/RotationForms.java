package com.evhotline.console.admin;

import com.evhotline.console.admin.RosterView.RotationForm;
import com.evhotline.console.admin.RosterView.ShiftForm;
import com.evhotline.roster.RosterService;
import com.evhotline.roster.rest.RosterResource;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The rotation forms of the roster page: adding a rotation (its members take turns in the order given) and
 * ending one, through the roster service under the rules of {@code /api/roster/rotations}.
 */
@Path("/console/admin/roster/rotations")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class RotationForms {

    private static final String ROTATIONS = "/console/admin/roster#rotations";

    private final RosterView view;
    private final AdminPage pages;
    private final RosterService roster;
    private final Validator validator;

    public RotationForms(RosterView view, AdminPage pages, RosterService roster, Validator validator) {
        this.view = view;
        this.pages = pages;
        this.roster = roster;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> add(@BeanParam RotationForm form, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> {
            Integer period = FormInput.number("periodDays", form.periodDays());
            var r = FormInput.valid(validator, new RosterResource.RotationRequest(FormInput.text("name", form.name()),
                    FormInput.number("position", form.position()), FormInput.time("handover", form.handover()),
                    period, FormInput.date("startDate", form.startDate()), FormInput.ids("staffIds", form.members())));
            return roster.addRotation(new RosterService.NewRotation(r.name(), r.position(), r.handover(),
                    period == null ? 1 : period, r.startDate(), r.staffIds()), pages.actor()).map(rotation -> ROTATIONS);
        }, error -> view.page(null, ShiftForm.EMPTY, form, error, headers));
    }

    /** Ends a rotation now, with the reason kept on record. */
    @POST
    @Path("{id}/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> end(@PathParam("id") long id, @FormParam("reason") String reason, @Context HttpHeaders headers) {
        return AdminPage.submit(() -> roster.endRotation(id, FormInput.text("reason", reason), pages.actor())
                .map(rotation -> ROTATIONS), error -> view.page(null, ShiftForm.EMPTY, RotationForm.EMPTY, error, headers));
    }
}
