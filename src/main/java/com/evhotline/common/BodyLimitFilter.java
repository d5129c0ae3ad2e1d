package com.evhotline.common;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses bodies over 64 KiB by their declared length with a problem body; chunked bodies without a
 * length are stopped by {@code quarkus.http.limits.max-body-size}.
 */
@Singleton
public class BodyLimitFilter {

    static final long MAX_BODY = 64 * 1024;

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::limit);
        // a chunked body has no declared length: the body handler's 413 arrives here, as plain text unless rewritten
        router.route().order(-1000).failureHandler(rc -> {
            if (rc.statusCode() == 413 && !rc.response().headWritten()) {
                tooLarge(rc);
            } else {
                rc.next();
            }
        });
    }

    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            tooLarge(rc);
            return;
        }
        rc.next();
    }

    private static void tooLarge(RoutingContext rc) {
        rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemBody.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
                        + "\"detail\":\"the body is larger than 64 KiB (" + MAX_BODY + " bytes); send less\"}");
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
