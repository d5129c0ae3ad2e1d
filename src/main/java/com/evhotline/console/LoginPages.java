package com.evhotline.console;

import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The way into the pages: the login form (it posts to Quarkus' {@code /j_security_check}), logging out,
 * the choice of language, and {@code /}, which sends each person to the page of their work.
 */
@Path("/")
public class LoginPages {

    /** The session cookie of the form login ({@code quarkus.http.auth.form.cookie-name}). */
    static final String SESSION_COOKIE = "quarkus-credential";

    private final Template login;
    private final SecurityIdentity identity;
    private final com.evhotline.security.Sessions sessions;
    private final io.quarkus.security.identity.CurrentIdentityAssociation association;
    private final com.evhotline.telephony.AgentQueue queue;

    public LoginPages(@Location("console/login.html") Template login, SecurityIdentity identity,
            com.evhotline.security.Sessions sessions, io.quarkus.security.identity.CurrentIdentityAssociation association,
            com.evhotline.telephony.AgentQueue queue) {
        this.queue = queue;
        this.login = login;
        this.identity = identity;
        this.sessions = sessions;
        this.association = association;
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@QueryParam("error") String error, @Context HttpHeaders headers) {
        return PageLocale.in(login.data("failed", error != null), headers);
    }

    /** Each person's page: station and regional managers their notices, the person on duty theirs, the others the console. */
    @GET
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Response home() {
        var roles = identity.getRoles();
        boolean manager = roles.stream().allMatch(r -> r.equals(Roles.STATION) || r.equals(Roles.REGIONAL));
        boolean onDutyOnly = roles.contains(Roles.DUTY) && !roles.contains(Roles.AGENT) && !roles.contains(Roles.SUPERVISOR)
                && !roles.contains(Roles.ADMIN);
        return Response.seeOther(URI.create(manager ? "/station" : onDutyOnly ? "/duty" : "/console")).build();
    }

    /**
     * Ends the session: every session of the login ends (a copied cookie too), the cookie goes, and the login
     * page comes back. A form post, so it carries a CSRF token.
     */
    @POST
    @Path("logout")
    @PermitAll
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> logout(@Context io.vertx.core.http.HttpServerRequest request) {
        Response out = Response.seeOther(URI.create("/login"))
                .cookie(new NewCookie.Builder(SESSION_COOKIE).value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
        String from = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return association.getDeferredIdentity().chain(who -> who.isAnonymous() ? Uni.createFrom().item(out)
                : leaveQueue(who).chain(() -> sessions.logOut(com.evhotline.security.CurrentUser.of(who).username(), from))
                        .replaceWith(out));
    }

    /** An agent logging out takes their phone out of the queue, so that no call rings at an empty desk; best effort. */
    private Uni<Void> leaveQueue(SecurityIdentity who) {
        if (!who.hasRole(Roles.AGENT)) {
            return Uni.createFrom().voidItem();
        }
        return queue.logout(com.evhotline.security.CurrentUser.of(who)).replaceWithVoid()
                .onFailure().recoverWithNull(); // no phone on record, no PBX link: nothing to take out
    }

    /**
     * Picks the pages' language for this browser ({@code en} or {@code zh}), then back to the page the user
     * was on: only a path of this service, never another site.
     */
    @GET
    @Path("lang")
    @PermitAll
    public Response language(@QueryParam("to") String to, @Context HttpHeaders headers,
            @Context jakarta.ws.rs.core.UriInfo uri) {
        String lang = "en".equals(to) ? "en" : "zh";
        return Response.seeOther(URI.create(sameSitePath(headers.getHeaderString("Referer"), uri.getBaseUri())))
                .cookie(new NewCookie.Builder(PageLocale.COOKIE).value(lang).path("/").maxAge(365 * 24 * 3600)
                        .sameSite(NewCookie.SameSite.LAX).build())
                .build();
    }

    /** The path of {@code referer} when it is a page of this service ({@code base}); else {@code /}. */
    static String sameSitePath(String referer, URI base) {
        try {
            URI from = referer == null ? null : new URI(referer);
            if (from == null || from.getRawPath() == null || !base.getHost().equalsIgnoreCase(String.valueOf(from.getHost()))
                    || base.getPort() != from.getPort() || !from.getRawPath().matches("/(?![/\\\\])[A-Za-z0-9/_.-]*")) {
                return "/";
            }
            return from.getRawPath();
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }
}
