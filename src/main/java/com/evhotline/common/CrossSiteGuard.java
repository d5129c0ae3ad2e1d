package com.evhotline.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * No other web site can make a signed-in browser act on {@code /api}: a request that changes
 * something must carry its body as JSON, which a page of another site can only send after the
 * browser asked permission (CORS, not granted here), and a request whose {@code Origin} names
 * another site (or that the browser marks {@code Sec-Fetch-Site: cross-site}) is refused. Form posts
 * and {@code text/plain} bodies, which a foreign page can send without asking, are refused with 415
 * before any resource reads them, and so is such a request without a body.
 */
@Singleton
public class CrossSiteGuard {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @ServerRequestFilter(preMatching = true)
    public Response guard(ContainerRequestContext ctx, HttpServerRequest request) {
        // the decoded path, as the REST layer routes it: /%61pi/ is /api/
        if (!ctx.getUriInfo().getPath().startsWith("/api/") || !CHANGES.contains(request.method().name())) {
            return null;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if ((origin != null && !sameOrigin(origin, request)) || "cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
            return ProblemBody.response(403, "Forbidden", "a request from another site (Origin " + origin
                    + ") may not change anything here; use the service's own pages or call the API without a browser");
        }
        // with a body or without: an empty form post is as easy for a foreign page as a full one
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
            return ProblemBody.response(415, "Unsupported Media Type", "send the body as JSON with the header"
                    + " Content-Type: application/json (a single value as a JSON string, e.g. \"text\"); was "
                    + (sent == null ? "no Content-Type" : sent));
        }
        return null;
    }

    /** The origin names the host the request was sent to (scheme and port as the browser saw them). */
    public static boolean sameOrigin(String origin, HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null) {
                return false;
            }
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return authority.equalsIgnoreCase(host) || authority.equalsIgnoreCase(withDefaultPort(host, o.getScheme()))
                    || withDefaultPort(authority, o.getScheme()).equalsIgnoreCase(host);
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static String withDefaultPort(String authority, String scheme) {
        if (authority.contains(":") && !authority.endsWith("]")) {
            return authority;
        }
        return authority + ("https".equalsIgnoreCase(scheme) ? ":443" : ":80");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
