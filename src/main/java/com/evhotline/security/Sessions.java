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
}
