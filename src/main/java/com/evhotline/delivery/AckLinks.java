package com.evhotline.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Acknowledgement links: {@code <message id>.<expiry, epoch seconds>.<HMAC-SHA256 of both, 128 bits>}, signed with
 * the key every instance shares (table {@code app_secret}). A link names one message and when it stops working;
 * whoever cannot sign cannot make one. The expiry is fixed by the message's creation, so a retried SMS carries
 * the same link.
 */
@ApplicationScoped
public class AckLinks {

    /** What a link says, or why it says nothing. */
    public record Verdict(Long messageId, String refusal, boolean expired) {
        static Verdict valid(long id) {
            return new Verdict(id, null, false);
        }

        static Verdict refused(String why, boolean expired) {
            return new Verdict(null, why, expired);
        }
    }

    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,17})\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{22})");
    private static final int MAC_BYTES = 16;

    private final Pool pool;
    private final Duration validity;
    private volatile byte[] key;

    public AckLinks(Pool pool, DeliveryConfig config) {
        this.pool = pool;
        this.validity = config.notifications().linkValidity();
    }

    /** The token of a message created at {@code createdAt}. */
    public Uni<String> token(long messageId, Instant createdAt) {
        long expiry = createdAt.plus(validity).getEpochSecond();
        return key().map(k -> messageId + "." + expiry + "." + mac(k, messageId, expiry));
    }

    /** Checks a token as it arrived in a URL: well formed, signed by us, not expired at {@code now}. */
    public Uni<Verdict> verify(String token, Instant now) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches()) {
            return Uni.createFrom().item(Verdict.refused("this is not an acknowledgement link of the hotline", false));
        }
        long id = Long.parseLong(m.group(1));
        long expiry = Long.parseLong(m.group(2));
        return key().map(k -> {
            byte[] given = Base64.getUrlDecoder().decode(m.group(3));
            byte[] expected = Base64.getUrlDecoder().decode(mac(k, id, expiry));
            if (!MessageDigest.isEqual(given, expected)) {
                return Verdict.refused("this link was not made by the hotline (it may have been changed)", false);
            }
            if (!now.isBefore(Instant.ofEpochSecond(expiry))) {
                return Verdict.refused("this link expired on " + Instant.ofEpochSecond(expiry), true);
            }
            return Verdict.valid(id);
        });
    }

    private Uni<byte[]> key() {
        byte[] k = key;
        if (k != null) {
            return Uni.createFrom().item(k);
        }
        return pool.preparedQuery("SELECT value FROM app_secret WHERE name = 'ack-link'").execute().map(rows -> {
            if (rows.size() == 0) {
                throw new IllegalStateException("app_secret has no 'ack-link' key (migration V14 makes it)");
            }
            byte[] read = rows.iterator().next().getString(0).getBytes(StandardCharsets.UTF_8);
            key = read;
            return read;
        });
    }

    private static String mac(byte[] key, long id, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(("ack:" + id + ":" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
