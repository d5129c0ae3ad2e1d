package com.evhotline.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Where a wrong password is counted, whether it came with a sign-in or as the "current password" of a
 * change: the address is told to the {@link LoginGuard}, the login records when and from where, and
 * from the {@code hotline.logins.lock-after}-th failure in a row it is locked for a minute, doubling
 * with each further one up to an hour.
 */
@ApplicationScoped
public class FailedLogins {

    private static final Logger LOG = Logger.getLogger(FailedLogins.class);
    /** $1 user, $2 now, $3 from, $4 failures in a row that lock. */
    private static final String FAILED = """
            UPDATE app_user SET failed_logins = failed_logins + 1, last_failed_at = $2, last_failed_from = $3,
                   locked_until = CASE WHEN failed_logins + 1 >= $4
                                       THEN $2 + least(interval '1 minute' * power(2, least(failed_logins + 1 - $4, 6)), interval '1 hour')
                                       ELSE locked_until END
             WHERE username = $1""";

    private final Pool pool;
    private final LoginGuard guard;
    private final Clock clock;
    private final int lockAfter;

    public FailedLogins(Pool pool, LoginGuard guard, Clock clock, LoginConfig config) {
        this.pool = pool;
        this.guard = guard;
        this.clock = clock;
        this.lockAfter = config.lockAfter();
    }

    /** Counts a wrong password from this address; for an unknown user only the address counts. */
    public Uni<Void> record(String username, String from, boolean knownUser) {
        guard.failed(from);
        if (!knownUser) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(username, clock.instant().atOffset(ZoneOffset.UTC), from, lockAfter))
                .onFailure().invoke(e -> LOG.warnf("could not record a failed login of %s: %s", username, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
