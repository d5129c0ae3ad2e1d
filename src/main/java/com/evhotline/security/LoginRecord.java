package com.evhotline.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * The record of logins (table {@code login_event}): every web login, every failed attempt by form or HTTP Basic,
 * every logout. A record that cannot be written is logged and never refuses or delays the login itself.
 */
@ApplicationScoped
public class LoginRecord {

    public enum Kind { LOGIN, FAILED, LOGOUT }

    public enum Via { FORM, BASIC }

    private static final Logger LOG = Logger.getLogger(LoginRecord.class);
    private static final String INSERT = """
            INSERT INTO login_event (at, username, staff_id, kind, via, address, detail)
            VALUES ($1, $2, (SELECT staff_id FROM app_user WHERE username = $7), $3, $4, $5, $6)""";

    private final Pool pool;
    private final Clock clock;

    public LoginRecord(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<Void> write(Kind kind, Via via, String username, String address, String detail) {
        String who = username == null ? "" : username.length() > 64 ? username.substring(0, 64) : username;
        return pool.preparedQuery(INSERT).execute(Tuple.tuple(java.util.Arrays.asList(clock.instant().atOffset(ZoneOffset.UTC), who, kind.name(),
                        via.name(), address == null || address.length() > 64 ? null : address,
                        detail == null || detail.length() <= 200 ? detail : detail.substring(0, 200), who)))
                .onFailure().invoke(e -> LOG.warnf("could not record the %s of %s: %s", kind, who, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
