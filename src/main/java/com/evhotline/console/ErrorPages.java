package com.evhotline.console;

import com.evhotline.common.ProblemBody;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A refusal on a web page (another station's ticket, a role that may not, a stale form) is a page in the
 * reader's language with a way back, not the API's JSON: the API's problem bodies stay for {@code /api}.
 */
@Singleton
public class ErrorPages {

    private final Template page;

    public ErrorPages(@Location("console/error.html") Template page) {
        this.page = page;
    }

    @ServerResponseFilter
    public void asPage(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (response.getStatus() < 400 || path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/ack/")
                || !(path.startsWith("/console") || path.startsWith("/station") || path.startsWith("/duty")
                        || path.equals("/"))) {
            return;
        }
        Object entity = response.getEntity();
        if (entity != null && !(entity instanceof ProblemBody) && !(entity instanceof String)) {
            return; // a page already (a refused form drawn again with its reason)
        }
        String detail = entity instanceof ProblemBody p ? p.detail() : entity instanceof String s ? s : null;
        String lang = PageLocale.of(request.getAcceptableLanguages(), request.getCookies());
        String html = page.instance().setLocale(Locale.forLanguageTag(lang))
                .data("lang", lang.equals("zh") ? "zh-CN" : "en")
                .data("status", response.getStatus())
                .data("detail", detail)
                .render();
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
    }
}
