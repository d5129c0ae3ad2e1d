package com.evhotline.common;

/** A refusal that becomes an RFC 7807 problem: its status, a title, and a detail that says what to fix. */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static Problem invalid(String detail) {
        return new Problem(400, "Invalid request", detail);
    }

    public static Problem notFound(String what, Object id) {
        return new Problem(404, "Not found", "no " + what + " with id " + id);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "Forbidden", detail);
    }
}
