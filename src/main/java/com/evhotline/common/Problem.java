package com.evhotline.common;

/** A refusal that becomes an RFC 7807 problem: its status, a title, and a detail that says what to fix. */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final java.util.List<?> errors;

    public Problem(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private Problem(int status, String title, String detail, java.util.List<?> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    /** The single errors of a refusal that has many (a file's rows), or null. */
    public java.util.List<?> errors() {
        return errors;
    }

    /** A refusal listing each thing to fix (for example one entry per bad row of a file). */
    public static Problem invalid(String detail, java.util.List<?> errors) {
        return new Problem(400, "Invalid request", detail, java.util.List.copyOf(errors));
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
