package com.evhotline.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * With the web pages' form login on, Quarkus keeps HTTP Basic silent: an API call without credentials gets
 * a bare 401. API clients (curl, scripts, RestAssured) expect the challenge, so an {@code /api} or {@code /q} 401 without
 * one gets {@code WWW-Authenticate: Basic}.
 */
@ApplicationScoped
public class BasicChallenge {

    /** Runs before the authentication handlers, so its end handler sees their answer. */
    private static final int PRIORITY = 20_000;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/api/") || rc.normalizedPath().startsWith("/q/")) {
                rc.addHeadersEndHandler(v -> {
                    if (rc.response().getStatusCode() == 401 && !rc.response().headers().contains("WWW-Authenticate")) {
                        rc.response().putHeader("WWW-Authenticate", "Basic realm=\"hotline\", charset=\"UTF-8\"");
                    }
                });
            }
            rc.next();
        }, PRIORITY);
    }
}
