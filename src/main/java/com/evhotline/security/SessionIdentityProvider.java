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

/**
 * The person behind a web session (the form login's encrypted cookie names them): read afresh on every
 * request, so a leaver, a disabled login, a role taken away, a logout or a new password ends the session at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final Pool pool;

    public SessionIdentityProvider(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        SessionName session = SessionName.parse(request.getPrincipal());
        if (session == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the session names no login generation"));
        }
        return pool.preparedQuery(DatabaseIdentityProvider.LOOKUP).execute(Tuple.of(session.username()))
                .map(RowSet::iterator)
                .map(rows -> {
                    Row row = rows.hasNext() ? rows.next() : null;
                    if (row == null || !row.getBoolean("enabled")) {
                        throw new AuthenticationFailedException("the session's login is gone or disabled");
                    }
                    // a lock stops new logins (someone guessing); the session proved the password before it
                    if (row.getInteger("session_generation") != session.generation()) {
                        throw new AuthenticationFailedException("the session ended (logout or new password)");
                    }
                    return DatabaseIdentityProvider.identity(session.username(), row, true);
                });
    }
}
