package com.evhotline.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;

/** Who is asking: the login, its staff member, and what limits what they may see. */
public record CurrentUser(String username, Long staffId, Long stationId, String region, Set<String> roles) {

    public static final String USERNAME = "username";
    public static final String STAFF_ID = "staffId";
    public static final String STATION_ID = "stationId";
    public static final String REGION = "region";

    public static CurrentUser of(SecurityIdentity identity) {
        String username = identity.getAttribute(USERNAME);
        return new CurrentUser(username != null ? username : identity.getPrincipal().getName(), identity.getAttribute(STAFF_ID),
                identity.getAttribute(STATION_ID), identity.getAttribute(REGION), identity.getRoles());
    }

    /** The system itself (telephony, timers), for the event log. */
    public static CurrentUser system(String name) {
        return new CurrentUser(name, null, null, null, Set.of(Roles.ADMIN));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The region whose stations' notices a regional manager sees; empty text (matching none) for anyone else. */
    public String managedRegion() {
        return has(Roles.REGIONAL) && region != null ? region : "";
    }

    /** Station managers and regional managers see only what was sent their way; everyone else sees all. */
    public boolean seesEverything() {
        return roles.stream().anyMatch(r -> !r.equals(Roles.STATION) && !r.equals(Roles.REGIONAL));
    }
}
