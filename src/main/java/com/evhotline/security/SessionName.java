package com.evhotline.security;

/**
 * What a web session's cookie names: the login and the generation of its sessions when it was opened
 * ({@code alice#3}). A logout or a new password raises the generation, which ends every session opened
 * before, copies of the cookie included. {@code #} never occurs in a login name.
 */
public record SessionName(String username, int generation) {

    public String value() {
        return username + "#" + generation;
    }

    /** The session's name, or null when the cookie names none this service issues. */
    public static SessionName parse(String value) {
        int at = value == null ? -1 : value.lastIndexOf('#');
        if (at < 1) {
            return null;
        }
        try {
            return new SessionName(value.substring(0, at), Integer.parseInt(value.substring(at + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
