package com.evhotline.security;

import com.evhotline.common.Text;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Checks HTTP Basic credentials against the users table. bcrypt runs on a worker thread, at most
 * {@link LoginGuard#CHECKS} at once, and a successful check is remembered, while used at least once
 * a minute, in a Caffeine cache (keyed by a digest of the name, the stored hash and the password, so a new password misses;
 * the same credentials sent side by side are checked once) so scripts that call often do not pay tens of
 * milliseconds a request. A disabled login, a login locked after repeated wrong passwords
 * ({@code hotline.logins.lock-after} in a row lock it for a minute, doubling with each further one up to an hour,
 * whatever the password then) and an address turned away by the {@link LoginGuard} fail without a
 * check. Each wrong password is recorded with the login: when and from where.
 */
@ApplicationScoped
public class DatabaseIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(DatabaseIdentityProvider.class);
    static final String LOOKUP = """
            SELECT u.password_hash, s.id, s.station_id, s.region, u.enabled, u.locked_until, u.failed_logins, u.session_generation,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
              FROM app_user u JOIN staff s ON s.id = u.staff_id LEFT JOIN staff_role r ON r.staff_id = s.id
             WHERE u.username = $1 AND s.active
             GROUP BY u.id, s.id""";
    /**
     * A right password, checked: the count starts again, unless a lock was set meanwhile (guesses sent
     * side by side all passed the lookup before it), which then refuses this one too; $2 now.
     */
    private static final String SUCCEEDED = """
            UPDATE app_user SET failed_logins = 0, locked_until = NULL
             WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2)
            RETURNING 1""";

    /**
     * A bcrypt hash at the users' cost, so an unknown name takes as long as a known one; written out
     * because computing it would block the event loop on the first request.
     */
    private static final String UNKNOWN_USER_HASH = "$2a$10$aXVkOgCFpClRI.DcXn/QweZ./Jfofhtpl19Qb5PG308iyovn1d/8.";

    private final Pool pool;
    private final LoginGuard guard;
    private final Clock clock;
    private final FailedLogins failures;
    /** Credentials checked right within the last minute (quarkus.cache.caffeine."verified-credentials"). */
    @CacheName("verified-credentials")
    Cache verified;

    private final LoginRecord record;

    public DatabaseIdentityProvider(Pool pool, LoginGuard guard, Clock clock, FailedLogins failures, LoginRecord record) {
        this.record = record;
        this.failures = failures;
        this.pool = pool;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String username = request.getUsername();
        String from = addressOf(request);
        LoginRecord.Via via = viaForm(request) ? LoginRecord.Via.FORM : LoginRecord.Via.BASIC;
        return check(request, context, username, from, via)
                .call(identity -> via == LoginRecord.Via.FORM
                        ? record.write(LoginRecord.Kind.LOGIN, via, username, from, null) : Uni.createFrom().voidItem())
                .onFailure(AuthenticationFailedException.class).call(e -> record.write(LoginRecord.Kind.FAILED, via,
                        username, from, e.getMessage()));
    }

    private Uni<SecurityIdentity> check(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context,
            String username, String from,
            LoginRecord.Via via) {
        String password = new String(request.getPassword().getPassword());
        boolean session = via == LoginRecord.Via.FORM;
        if (Text.controlCharacterAt(username) >= 0 || Text.controlCharacterAt(password) >= 0) {
            return Uni.createFrom().failure(new AuthenticationFailedException("control characters in the credentials"));
        }
        if (guard.blockedUntil(from) != null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("too many wrong passwords from " + from));
        }
        Instant now = clock.instant();
        return pool.preparedQuery(LOOKUP)
                .execute(Tuple.of(username))
                .map(RowSet::iterator)
                .map(rows -> rows.hasNext() ? rows.next() : null)
                .chain(row -> {
                    if (row != null && !row.getBoolean("enabled")) {
                        return Uni.createFrom().failure(new AuthenticationFailedException("login disabled"));
                    }
                    java.time.OffsetDateTime locked = row == null ? null : row.getOffsetDateTime("locked_until");
                    if (locked != null && now.isBefore(locked.toInstant())) {
                        return Uni.createFrom().failure(new AuthenticationFailedException("login locked"));
                    }
                    if (row != null && remembered(username, password, row)) {
                        // no bcrypt, no worker thread; failures before it are cleared as after a check
                        return Uni.createFrom().item(identity(username, row, session))
                                .call(identity -> row.getInteger("failed_logins") > 0 ? succeeded(username, now)
                                        : Uni.createFrom().voidItem());
                    }
                    return context.runBlocking(() -> check(username, password, row, session))
                            .onFailure(WrongPassword.class).call(wrong -> failures.record(username, from, row != null))
                            .onFailure(WrongPassword.class).transform(wrong -> new AuthenticationFailedException(wrong.getMessage()))
                            // a right guess among many sent as the lock fell is not kept for after the lock
                            .call(identity -> succeeded(username, now).onFailure().call(lockedMeanwhile -> verified
                                    .invalidate(rememberKey(username, row.getString("password_hash"), password))))
                            // an API client's login is recorded when its password is checked, not on every call after
                            .call(identity -> session ? Uni.createFrom().voidItem()
                                    : record.write(LoginRecord.Kind.LOGIN, LoginRecord.Via.BASIC, username, from, null));
                });
    }

    /** A wrong password (or an unknown user): thrown by the check so that it is recorded. */
    private static final class WrongPassword extends RuntimeException {
        WrongPassword(String why) {
            super(why, null, false, false);
        }
    }

    private Uni<Void> succeeded(String username, Instant now) {
        return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(username, now.atOffset(ZoneOffset.UTC))).invoke(rows -> {
            if (rows.rowCount() == 0) {
                throw new AuthenticationFailedException("login locked meanwhile");
            }
        }).replaceWithVoid();
    }

    private boolean remembered(String username, String password, Row row) {
        CompletableFuture<Object> known = verified.as(CaffeineCache.class)
                .getIfPresent(rememberKey(username, row.getString("password_hash"), password));
        return known != null && known.isDone() && !known.isCompletedExceptionally();
    }


    /** The form login posts to {@code /j_security_check}; everything else that brings a password is HTTP Basic. */
    private static boolean viaForm(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc != null && "/j_security_check".equals(rc.normalizedPath());
    }

    private static String addressOf(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc == null || rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }

    private SecurityIdentity check(String username, String password, Row row, boolean session) {
        if (row == null) {
            // as slow as a wrong password, so response times do not tell which usernames exist
            guard.check(() -> BcryptUtil.matches(password, UNKNOWN_USER_HASH));
            throw new WrongPassword("unknown user");
        }
        String hash = row.getString("password_hash");
        // the cache runs one check per key at a time (the others wait for it) and keeps only a right one
        verified.get(rememberKey(username, hash, password), key -> {
            Boolean matches = guard.check(() -> BcryptUtil.matches(password, hash));
            if (matches == null) {
                throw new AuthenticationFailedException("too many sign-ins at once; try again");
            }
            if (!matches) {
                throw new WrongPassword("wrong password");
            }
            return Boolean.TRUE;
        }).await().atMost(LoginGuard.CHECK_WAIT.multipliedBy(2));
        return identity(username, row, session);
    }

    /**
     * Who the row says the login is; a web session's principal carries the generation of its sessions
     * ({@link SessionName}), which the session cookie keeps.
     */
    static SecurityIdentity identity(String username, Row row, boolean session) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(session
                        ? new SessionName(username, row.getInteger("session_generation")).value() : username))
                .addAttribute(CurrentUser.USERNAME, username)
                .addAttribute(CurrentUser.STAFF_ID, row.getLong("id"));
        if (row.getLong("station_id") != null) {
            identity.addAttribute(CurrentUser.STATION_ID, row.getLong("station_id"));
        }
        if (row.getString("region") != null) {
            identity.addAttribute(CurrentUser.REGION, row.getString("region"));
        }
        for (String role : row.getArrayOfStrings("roles")) {
            identity.addRole(role);
        }
        return identity.build();
    }

    private static String rememberKey(String username, String hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((username + '\0' + hash + '\0' + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
