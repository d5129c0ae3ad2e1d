package com.evhotline.security;

import java.util.List;

/** The roles of REQUIREMENTS.md, and the groups of them that endpoints allow. */
public final class Roles {

    public static final String AGENT = "agent";
    public static final String DUTY = "duty";
    public static final String SUPERVISOR = "supervisor";
    public static final String LEADER = "leader";
    public static final String REGIONAL = "regional";
    public static final String STATION = "station";
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(AGENT, DUTY, SUPERVISOR, LEADER, REGIONAL, STATION, ADMIN);

    private Roles() {
    }
}
