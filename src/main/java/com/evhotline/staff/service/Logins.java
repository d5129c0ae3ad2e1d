package com.evhotline.staff.service;

import com.evhotline.common.Problem;
import com.evhotline.security.FailedLogins;
import com.evhotline.security.LoginGuard;
import com.evhotline.security.PasswordPolicy;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A person's login over its life: the owner changes the password (knowing the current one), an
 * administrator sets a new one, disables or enables it (enabling also lifts a lock), and sees its
 * state: failures in a row, until when it is locked, the last failure's time and address. A new
 * password meets the {@link PasswordPolicy} and ends any lock.
 */
@ApplicationScoped
public class Logins {

    /** What an administrator sees of a login. */
    public record LoginView(long staffId, String username, boolean enabled, int failedLogins, OffsetDateTime lockedUntil,
            OffsetDateTime lastFailedAt, String lastFailedFrom, OffsetDateTime passwordChangedAt) {
    }

    private static final String VIEW = "SELECT staff_id, username, enabled, failed_logins, locked_until, last_failed_at,"
            + " last_failed_from, password_changed_at FROM app_user";

    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final LoginGuard guard;
    private final FailedLogins failures;

    public Logins(Pool pool, Vertx vertx, Clock clock, LoginGuard guard, FailedLogins failures) {
        this.guard = guard;
        this.failures = failures;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<LoginView> of(long staffId) {
        return pool.preparedQuery(VIEW + " WHERE staff_id = $1").execute(Tuple.of(staffId)).map(rows -> {
            if (rows.size() == 0) {
                throw Problem.notFound("login of staff member", staffId);
            }
            return view(rows.iterator().next());
        });
    }

    /** Every login, for the administrators' list of the staff. */
    public Uni<java.util.List<LoginView>> all() {
        return pool.preparedQuery(VIEW + " ORDER BY staff_id").execute().map(rows -> {
            java.util.List<LoginView> out = new java.util.ArrayList<>();
            rows.forEach(r -> out.add(view(r)));
            return out;
        });
    }

    /**
     * The owner's own change: the current password must be right, and a wrong one counts toward the
     * lock as a wrong sign-in does (else an open session could guess it at bcrypt's speed).
     */
    public Uni<Void> change(String username, String current, String next, String from) {
        PasswordPolicy.check("newPassword", next, username);
        return pool.preparedQuery("SELECT password_hash, locked_until > $2 FROM app_user WHERE username = $1")
                .execute(Tuple.of(username, clock.instant().atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    if (row != null && Boolean.TRUE.equals(row.getBoolean(1))) {
                        // as a sign-in is refused while locked: no check, so guesses sent side by side stop here
                        throw Problem.conflict("your login is locked after repeated wrong passwords; try again later");
                    }
                    String hash = row == null ? null : row.getString(0);
                    // through the guard's few check slots, as a sign-in's check
                    return vertx.executeBlocking(Uni.createFrom().item(() -> Boolean.TRUE.equals(guard.check(
                            () -> hash != null && current != null && BcryptUtil.matches(current, hash)))));
                })
                .chain(right -> right ? store("username = $2", username, next)
                        : failures.record(username, from, true).invoke(() -> {
                            throw Problem.invalid("currentPassword: not your current password");
                        }));
    }

    /** An administrator sets a new password (the person changes it once told). */
    public Uni<LoginView> reset(long staffId, String next) {
        return of(staffId).chain(login -> {
            PasswordPolicy.check("password", next, login.username());
            return store("staff_id = $2", staffId, next).chain(() -> of(staffId));
        });
    }

    /** Disables a login at once, or enables it again (lifting any lock). */
    public Uni<LoginView> enable(long staffId, boolean enabled) {
        return pool.preparedQuery("UPDATE app_user SET enabled = $2, failed_logins = CASE WHEN $2 THEN 0 ELSE failed_logins"
                        + " END, locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END WHERE staff_id = $1")
                .execute(Tuple.of(staffId, enabled))
                .chain(done -> {
                    if (done.rowCount() == 0) {
                        throw Problem.notFound("login of staff member", staffId);
                    }
                    return of(staffId);
                });
    }

    private Uni<Void> store(String where, Object who, String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password)))
                .chain(hash -> pool.preparedQuery("UPDATE app_user SET password_hash = $1, password_changed_at = $3,"
                                // a new password ends the sessions opened with the old one
                                + " failed_logins = 0, locked_until = NULL, session_generation = session_generation + 1"
                                + " WHERE " + where)
                        .execute(Tuple.of(hash, who, clock.instant().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    private static LoginView view(Row r) {
        return new LoginView(r.getLong("staff_id"), r.getString("username"), r.getBoolean("enabled"),
                r.getInteger("failed_logins"), r.getOffsetDateTime("locked_until"), r.getOffsetDateTime("last_failed_at"),
                r.getString("last_failed_from"), r.getOffsetDateTime("password_changed_at"));
    }
}
