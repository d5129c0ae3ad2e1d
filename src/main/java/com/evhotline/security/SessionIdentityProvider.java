package com.evhotline.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The person behind a web session (the form login's encrypted cookie names them): read afresh on every
 * request, so a leaver, a disabled or a locked login, or a role taken away ends the session at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final Pool pool;
    private final Clock clock;

    public SessionIdentityProvider(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getPrincipal();
        return pool.preparedQuery(DatabaseIdentityProvider.LOOKUP).execute(Tuple.of(username))
                .map(RowSet::iterator)
                .map(rows -> {
                    Row row = rows.hasNext() ? rows.next() : null;
                    if (row == null || !row.getBoolean("enabled")) {
                        throw new AuthenticationFailedException("the session's login is gone or disabled");
                    }
                    java.time.OffsetDateTime locked = row.getOffsetDateTime("locked_until");
                    if (locked != null && clock.instant().isBefore(locked.toInstant())) {
                        throw new AuthenticationFailedException("the session's login is locked");
                    }
                    return DatabaseIdentityProvider.identity(username, row);
                });
    }
}
