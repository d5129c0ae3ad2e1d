package com.evhotline.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends a login's web sessions: every cookie issued before, wherever it was copied to, no longer opens a page. */
@ApplicationScoped
public class Sessions {

    private final Pool pool;
    private final LoginRecord record;

    public Sessions(Pool pool, LoginRecord record) {
        this.pool = pool;
        this.record = record;
    }

    /** The user logged out: their sessions end, and the logout is recorded. */
    public Uni<Void> logOut(String username, String address) {
        return pool.preparedQuery("UPDATE app_user SET session_generation = session_generation + 1 WHERE username = $1")
                .execute(Tuple.of(username))
                .chain(() -> record.write(LoginRecord.Kind.LOGOUT, LoginRecord.Via.FORM, username, address, null));
    }

    /**
     * Whether the session a page opened its live stream with still holds: the login enabled, its person active,
     * no logout or new password since.
     */
    public Uni<Boolean> stillValid(String sessionName) {
        SessionName session = SessionName.parse(sessionName);
        if (session == null) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("SELECT 1 FROM app_user u JOIN staff s ON s.id = u.staff_id WHERE u.username = $1"
                        + " AND u.enabled AND s.active AND u.session_generation = $2")
                .execute(Tuple.of(session.username(), session.generation())).map(rows -> rows.size() == 1);
    }
}
