package com.evhotline.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses bodies over 64 KiB with a problem body: by their declared length before anything reads them,
 * and chunked bodies (no length) as they arrive, before the REST layer reads them. Left to the REST
 * layer, a chunked body over {@code quarkus.http.limits.max-body-size} got a bare 413 without a body.
 */
@Singleton
public class BodyLimitFilter {

    static final long MAX_BODY = 64 * 1024;
    static final String TOO_LARGE = "the body is larger than 64 KiB (" + MAX_BODY + " bytes); send less";

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::limit);
        // a 413 from a Vert.x body handler (routes outside the REST layer) arrives here, as plain text unless rewritten
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

    /**
     * Reads a chunked body (one without Content-Length) up to the limit and hands it to the REST layer;
     * past the limit it stops reading and answers 413 with a problem, closing the connection (the rest
     * of the body is never read). Runs before matching, so before anything else reads the body.
     */
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> limitChunked(ContainerRequestContext ctx, HttpServerRequest request) {
        if (!isChunked(request)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            boolean[] done = {false};
            request.exceptionHandler(e -> {
                if (!done[0]) {
                    done[0] = true;
                    emitter.fail(e);
                }
            });
            request.handler(chunk -> {
                if (done[0]) {
                    return;
                }
                if (body.length() + chunk.length() > MAX_BODY) {
                    done[0] = true;
                    request.pause();
                    emitter.complete(Response.fromResponse(ProblemBody.response(413, "Payload Too Large", TOO_LARGE))
                            .header(HttpHeaders.CONNECTION.toString(), "close")
                            .build());
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.endHandler(v -> {
                if (!done[0]) {
                    done[0] = true;
                    ctx.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                    emitter.complete(null);
                }
            });
            request.resume();
        });
    }

    private static boolean isChunked(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return request.getHeader(HttpHeaders.CONTENT_LENGTH) == null && !request.isEnded()
                && encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static void tooLarge(RoutingContext rc) {
        rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemBody.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
                        + "\"detail\":\"" + TOO_LARGE + "\"}");
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
