package com.evhotline.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code application/problem+json} with a detail that says what to fix. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(Problem p) {
        return ProblemBody.response(p.status(), p.title(), p.getMessage(), p.errors());
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMappers::describe)
                .collect(Collectors.joining("; "));
        return ProblemBody.response(400, "Invalid request", detail);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        return ProblemBody.response(400, "Malformed JSON",
                "the body is not valid JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")");
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return ProblemBody.response(400, "Invalid request", "unknown field '" + e.getPropertyName() + "'; known fields: "
                + e.getKnownPropertyIds());
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidFormatException e) {
        String field = path(e);
        Class<?> target = e.getTargetType();
        if (target == String.class) { // text refused for what it holds (StrictJson): the value is not echoed
            return ProblemBody.response(400, "Invalid request", field + ": " + e.getOriginalMessage());
        }
        String expected = target != null && target.isEnum() ? "one of " + Arrays.toString(target.getEnumConstants())
                : target == null ? "another value" : "a " + target.getSimpleName();
        return ProblemBody.response(400, "Invalid request", field + ": '" + e.getValue() + "' is not valid; expected " + expected);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return ProblemBody.response(400, "Malformed JSON", "the body goes on after its JSON value; send exactly one"
                    + " JSON value");
        }
        Class<?> target = e.getTargetType();
        String field = path(e);
        String what = field.isEmpty() ? "the body" : field;
        String expected = target == null ? "" : "; expected " + describe(target);
        return ProblemBody.response(400, "Invalid request", what + ": wrong type of value" + expected);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return ProblemBody.response(400, "Invalid request", "the body could not be read: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, io.vertx.core.http.HttpServerRequest request) {
        if (request != null && "/j_security_check".equals(request.path())
                && request.method() == io.vertx.core.http.HttpMethod.POST) {
            // a wrong password on the login form (or a locked login): back to the form, which says so
            return Response.status(302).header(HttpHeaders.LOCATION, "/login?error=1").build();
        }
        if (request != null && !request.path().startsWith("/api/") && !request.path().startsWith("/q/")) {
            // a page whose session ended (logout elsewhere, new password, login disabled): log in again
            return Response.status(302).header(HttpHeaders.LOCATION, "/login")
                    .header(HttpHeaders.SET_COOKIE, "quarkus-credential=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict").build();
        }
        return challenge();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemBody.response(403, "Forbidden", "your roles do not allow this; ask a supervisor or an administrator");
    }

    @ServerExceptionMapper
    public Response concurrent(OptimisticLockException e) {
        return changedMeanwhile();
    }

    @ServerExceptionMapper
    public Response stale(StaleStateException e) {
        return changedMeanwhile();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return fromJackson(json);
        }
        Response r = e.getResponse();
        int status = r.getStatus();
        String detail = switch (status) {
            case 404 -> "no such resource; see /q/openapi for the API";
            case 405 -> "this method is not allowed here; see /q/openapi for the API";
            case 406 -> "this resource answers application/json";
            case 413 -> "the body is larger than 64 KiB";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        return ProblemBody.response(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail);
    }

    private Response fromJackson(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return malformed(p);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e instanceof InvalidFormatException f) {
            return invalidValue(f);
        }
        if (e instanceof MismatchedInputException m) {
            return mismatched(m);
        }
        return json(e);
    }

    @ServerExceptionMapper
    public Response composite(CompositeException e) {
        return unexpected(e.getCauses().isEmpty() ? e : e.getCauses().get(0));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Response constraint = constraintViolation(e);
        if (constraint != null) {
            return constraint;
        }
        Throwable cause = unwrap(e);
        if (cause != e) {
            if (cause instanceof Problem p) {
                return problem(p);
            }
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return changedMeanwhile();
            }
        }
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure (reference %s)", ref);
        return ProblemBody.response(500, "Internal error",
                "the service failed; nothing was changed. Report reference " + ref + " to the administrator");
    }

    /**
     * A database constraint that refused a write (two requests racing past the same check): the
     * transaction rolled back, so nothing was written.
     */
    private static Response constraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                String constraint = pg.getConstraint() == null ? "" : " (" + pg.getConstraint() + ")";
                switch (pg.getSqlState()) {
                    case "23505":
                        return ProblemBody.response(409, "Conflict", "that already exists" + constraint
                                + ": someone created it at the same moment; read it again");
                    case "23503", "23514", "23502", "22001", "22003", "22007", "22008", "22P02":
                        return ProblemBody.response(400, "Invalid request",
                                "the database refused the values" + constraint + ": " + pg.getErrorMessage());
                    default:
                        return null;
                }
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompositeException || t.getClass().getName().startsWith("java.util.concurrent."))
                && t.getCause() != null) {
            t = t instanceof CompositeException c && !c.getCauses().isEmpty() ? c.getCauses().get(0) : t.getCause();
        }
        return t;
    }

    private static Response challenge() {
        return Response.fromResponse(ProblemBody.response(401, "Unauthorized",
                        "sign in: send HTTP Basic credentials of a hotline user"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"hotline\"")
                .build();
    }

    private static Response changedMeanwhile() {
        return ProblemBody.response(409, "Conflict",
                "the ticket was changed by someone else at the same time; read it again and retry");
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        String field = dot < 0 ? path : path.substring(dot + 1);
        boolean isBody = field.startsWith("arg") || field.equals("r") || path.endsWith(".r");
        return (isBody ? "body" : field) + ": " + v.getMessage();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String describe(Class<?> target) {
        if (target.isEnum()) {
            return "one of " + Arrays.toString(target.getEnumConstants());
        }
        if (target.isRecord() || target.getName().startsWith("com.evhotline")) {
            return "a JSON object";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "a JSON array";
        }
        return "a " + target.getSimpleName();
    }
}
