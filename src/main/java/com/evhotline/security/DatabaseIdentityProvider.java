package com.evhotline.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against the users table. bcrypt runs on a worker thread, and a
 * successful check is remembered for a short while (keyed by the stored hash, so a new password
 * misses) so scripts that call often do not pay tens of milliseconds a request.
 */
@ApplicationScoped
public class DatabaseIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final long REMEMBER_NANOS = 60_000_000_000L;
    private static final int REMEMBER_MAX = 10_000;
    private static final String LOOKUP = """
            SELECT u.password_hash, s.id, s.station_id, s.region,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
              FROM app_user u JOIN staff s ON s.id = u.staff_id LEFT JOIN staff_role r ON r.staff_id = s.id
             WHERE u.username = $1 AND s.active
             GROUP BY u.id, s.id""";

    private static final String UNKNOWN_USER_HASH = BcryptUtil.bcryptHash("no such user");

    private final Pool pool;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    public DatabaseIdentityProvider(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        return pool.preparedQuery(LOOKUP)
                .execute(Tuple.of(username))
                .map(RowSet::iterator)
                .map(rows -> rows.hasNext() ? rows.next() : null)
                .chain(row -> context.runBlocking(() -> check(username, password, row)));
    }

    private SecurityIdentity check(String username, String password, Row row) {
        if (row == null) {
            // as slow as a wrong password, so response times do not tell which usernames exist
            BcryptUtil.matches(password, UNKNOWN_USER_HASH);
            throw new AuthenticationFailedException("unknown user");
        }
        String hash = row.getString("password_hash");
        String key = rememberKey(username, hash, password);
        Long until = verified.get(key);
        if (until == null || until - System.nanoTime() < 0) {
            if (!BcryptUtil.matches(password, hash)) {
                throw new AuthenticationFailedException("wrong password");
            }
            if (verified.size() > REMEMBER_MAX) {
                verified.clear();
            }
            verified.put(key, System.nanoTime() + REMEMBER_NANOS);
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
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
