package com.evhotline.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** RFC 7807 problem details, the body of every refusal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemBody(String type, String title, int status, String detail, String instance, java.util.List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail) {
        return response(status, title, detail, null);
    }

    public static Response response(int status, String title, String detail, java.util.List<?> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new ProblemBody("about:blank", title, status, detail, null, errors))
                .build();
    }
}
