package com.evhotline.security;

import io.quarkus.panache.common.Parameters;

/**
 * The parameters of the "sent their way" condition that limits what station and regional managers
 * see (:station, :staff, :region); an absent value binds one that matches nothing.
 */
public final class ManagerScope {

    private ManagerScope() {
    }

    public static Parameters bind(Parameters p, CurrentUser user) {
        return p.and("station", user.stationId() == null ? -1L : user.stationId())
                .and("staff", user.staffId() == null ? -1L : user.staffId())
                .and("region", user.managedRegion());
    }
}
