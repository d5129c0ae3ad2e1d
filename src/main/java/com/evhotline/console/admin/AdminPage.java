package com.evhotline.console.admin;

import com.evhotline.common.Problem;
import com.evhotline.console.PageLocale;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every administration page shares: who is signed in and whether they may change things (administrators;
 * supervisors read), the language, the reason a form was refused; and the way a form is answered, back to its
 * page (303) when the change is made, the page again with the service's words and status when it is refused.
 */
@ApplicationScoped
public class AdminPage {

    private final SecurityIdentity identity;

    public AdminPage(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The page in the user's language; {@code error} (or null) says what to fix in a form just refused. */
    public TemplateInstance of(TemplateInstance page, String error, HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        return PageLocale.in(page.data("user", user.username()).data("admin", user.has(Roles.ADMIN)).data("error", error),
                headers);
    }

    public String actor() {
        return CurrentUser.of(identity).username();
    }

    /**
     * Makes a change and goes to the page its result names; refused by a rule of the service (a {@link Problem},
     * whatever part of the work found it), the page {@code again} with the service's words and the refusal's
     * status. The change runs inside the answer, so a refusal thrown while reading the form is treated alike.
     */
    public static Uni<Response> submit(Supplier<Uni<String>> change, Function<String, Uni<TemplateInstance>> again) {
        return Uni.createFrom().deferred(change::get)
                .map(path -> Response.seeOther(URI.create(path)).build())
                .onFailure(e -> problemIn(e) != null).recoverWithUni(e -> {
                    Problem p = problemIn(e);
                    return again.apply(p.getMessage()).map(page -> Response.status(p.status())
                            .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build());
                });
    }

    /** The refusal a failure carries (Mutiny and the executors wrap it), or null. */
    private static Problem problemIn(Throwable e) {
        for (Throwable t = e; t != null; t = t instanceof CompositeException c && !c.getCauses().isEmpty()
                ? c.getCauses().get(0) : t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Problem p) {
                return p;
            }
        }
        return null;
    }
}
