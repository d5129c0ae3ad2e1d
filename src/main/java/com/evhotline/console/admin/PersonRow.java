package com.evhotline.console.admin;

import com.evhotline.console.Shown;
import com.evhotline.staff.service.Logins.LoginView;
import com.evhotline.staff.service.StaffService.StaffView;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A staff member as the administration pages show them: roles, how they are reached, their station, and their
 * login's state ({@code login} null when they have none; {@code NONE}, {@code OK}, {@code LOCKED} or
 * {@code DISABLED}, {@code lockedUntil} with {@code LOCKED}).
 */
public record PersonRow(long id, String name, List<String> roles, String mobile, String email, Long stationId,
        String station, String region, String device, boolean active, String username, String login,
        String lockedUntil) {

    static PersonRow of(StaffView p, LoginView login, String station, Instant now, ZoneId zone) {
        String state = login == null ? "NONE" : !login.enabled() ? "DISABLED"
                : login.lockedUntil() != null && login.lockedUntil().toInstant().isAfter(now) ? "LOCKED" : "OK";
        return new PersonRow(p.id(), p.name(), p.roles().stream().sorted().toList(), p.mobile(), p.email(), p.stationId(),
                station, p.region(), p.device(), p.active(), p.username(), state,
                "LOCKED".equals(state) ? Shown.at(login.lockedUntil().atZoneSameInstant(zone).toOffsetDateTime()) : null);
    }

    /** Whether an administrator can lift a lock or enable the login from the page. */
    public boolean unlockable() {
        return "LOCKED".equals(login) || "DISABLED".equals(login);
    }
}
