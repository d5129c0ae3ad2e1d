package com.evhotline.security;

import com.evhotline.common.CrossSiteGuard;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;

/**
 * What the web pages need beside their CSRF tokens, before any authentication runs:
 * <ul>
 * <li>a post from another site's page (the login form included, so nobody is logged in as someone else) is refused;</li>
 * <li>pages are never kept by the browser or a proxy, nor shown inside another site's frame;</li>
 * <li>behind TLS, the session and CSRF cookies are marked Secure;</li>
 * <li>a request of the page's own script (htmx) whose session has ended is told to load the login page, rather than
 * being handed the login page to paste into the list it asked for, and the login then lands on a page, not on
 * the fragment or stream the script asked for.</li>
 * </ul>
 */
@ApplicationScoped
public class PageGuard {

    /** Before the authentication handlers, so the end handler sees their redirect. */
    private static final int PRIORITY = 20_100;
    /** The form login's cookie naming the page to return to after the login. */
    private static final String SAVED_LOCATION = "quarkus-redirect-location";

    void register(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    private void guard(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/webjars/")) {
            rc.next();
            return;
        }
        if (rc.request().method() == HttpMethod.POST && crossSite(rc)) {
            rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("A form of another web site may not be sent here; use this service's own pages.");
            return;
        }
        boolean htmx = "true".equals(rc.request().getHeader("HX-Request"));
        // a page's own fetches (htmx, the live stream) are never where the login should send the browser back to
        boolean script = htmx || String.valueOf(rc.request().getHeader("Accept")).contains("text/event-stream");
        boolean tls = rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().scheme());
        rc.addHeadersEndHandler(v -> {
            var response = rc.response();
            if (script) {
                response.removeCookie(SAVED_LOCATION, false); // set through the cookie jar: taken out of it unsent
            }
            if (tls) { // behind TLS (here or at a trusted proxy) the cookies travel only over it
                List<String> cookies = response.headers().getAll("Set-Cookie");
                if (cookies.stream().anyMatch(c -> !c.toLowerCase(Locale.ROOT).contains("; secure"))) {
                    response.headers().remove("Set-Cookie");
                    cookies.forEach(c -> response.headers().add("Set-Cookie",
                            c.toLowerCase(Locale.ROOT).contains("; secure") ? c : c + "; Secure"));
                }
            }
            response.putHeader("Cache-Control", "no-store");
            response.putHeader("Content-Security-Policy", "frame-ancestors 'none'");
            response.putHeader("X-Frame-Options", "DENY");
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "same-origin");
            String location = response.headers().get("Location");
            if (htmx && response.getStatusCode() == 302 && location != null && location.contains("/login")) {
                response.setStatusCode(401);
                response.headers().remove("Location");
                response.putHeader("HX-Redirect", "/login");
            }
        });
        rc.next();
    }

    private static boolean crossSite(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        return (origin != null && !CrossSiteGuard.sameOrigin(origin, rc.request()))
                || "cross-site".equals(rc.request().getHeader("Sec-Fetch-Site"));
    }
}
