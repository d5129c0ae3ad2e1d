package com.evhotline.console;

import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The supervisors' wall board, made for a big screen: the calls on the line, the agents in the queue, who is on
 * duty now and next, the deadlines about to breach and breached, and the day's figures beside their targets. The
 * page fetches its panels again whenever the lists or the queue change, and every half minute.
 */
@Path("/console/board")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class WallBoard {

    /** Who the board's live pushes are for: those who may open it. */
    static final List<String> VIEWERS = List.of(Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN);

    private final Template page;
    private final Template panelsOnly;
    private final BoardPanels panels;
    private final SecurityIdentity identity;

    public WallBoard(@Location("console/board.html") Template page, @Location("console/board-panels.html") Template panelsOnly,
            BoardPanels panels, SecurityIdentity identity) {
        this.page = page;
        this.panelsOnly = panelsOnly;
        this.panels = panels;
        this.identity = identity;
    }

    @GET
    public Uni<TemplateInstance> board(@Context HttpHeaders headers) {
        return drawn(page, headers);
    }

    /** The panels alone, for the page to swap in. */
    @GET
    @Path("panels")
    public Uni<TemplateInstance> panels(@Context HttpHeaders headers) {
        return drawn(panelsOnly, headers);
    }

    private Uni<TemplateInstance> drawn(Template template, HttpHeaders headers) {
        String user = CurrentUser.of(identity).username();
        return panels.now().map(b -> PageLocale.in(template.data("user", user).data("b", b), headers));
    }
}
