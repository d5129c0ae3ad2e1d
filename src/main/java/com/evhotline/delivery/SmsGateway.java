package com.evhotline.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The SMS gateway: one HTTP POST per message, with the configured body, a bearer token and an
 * {@code Idempotency-Key} that is the message's own id, so a message sent again after a crash or a lost answer
 * reaches the phone once. Any 2xx means the gateway accepted it.
 */
@ApplicationScoped
public class SmsGateway {

    /** How the gateway answered one message. */
    public record Answer(boolean accepted, String detail) {
    }

    private final Optional<URI> url;
    private final Optional<String> token;
    private final String template;
    private final Optional<java.util.regex.Pattern> acceptedBody;
    private final Duration timeout;
    /** Made for the first message: building one loads the TLS trust store, which the start need not wait for. */
    private HttpClient http;

    public SmsGateway(DeliveryConfig config) {
        this.url = config.sms().url().filter(u -> !u.isBlank()).map(SmsGateway::uri);
        this.token = config.sms().token().filter(t -> !t.isBlank());
        this.template = config.sms().bodyTemplate();
        this.timeout = config.sms().timeout();
        try {
            this.acceptedBody = config.sms().acceptedBody().filter(b -> !b.isBlank())
                    .map(b -> java.util.regex.Pattern.compile(b, java.util.regex.Pattern.DOTALL));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("hotline.sms.accepted-body is no regular expression: " + e.getMessage(), e);
        }
        if (!template.contains("{to}") || !template.contains("{text}")) {
            throw new IllegalArgumentException("hotline.sms.body-template must contain {to} and {text}, got "
                    + template);
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        return http;
    }

    private static URI uri(String u) {
        URI uri = URI.create(u.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("hotline.sms.url must be an http or https URL, got " + u);
        }
        return uri;
    }

    public boolean configured() {
        return url.isPresent();
    }

    /** The header value that makes a message's attempts one message to the gateway. */
    public static String idempotencyKey(long messageId) {
        return "hotline-message-" + messageId;
    }

    public Uni<Answer> send(long messageId, String to, String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.orElseThrow())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey(messageId))
                .POST(HttpRequest.BodyPublishers.ofString(body(to, text)));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return Uni.createFrom().completionStage(() -> http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(r -> r.statusCode() / 100 != 2
                        ? new Answer(false, "the gateway answered HTTP " + r.statusCode() + " " + clip(r.body()))
                        : acceptedBody.isPresent() && !acceptedBody.get().matcher(r.body()).find()
                        ? new Answer(false, "the gateway answered HTTP " + r.statusCode() + " without accepting: "
                                + clip(r.body()))
                        : new Answer(true, "HTTP " + r.statusCode() + " " + clip(r.body())))
                .onFailure().recoverWithItem(e -> new Answer(false, e instanceof HttpTimeoutException
                        ? "the gateway did not answer within " + timeout.toMillis() + " ms"
                        : "the gateway could not be reached: " + e));
    }

    String body(String to, String text) {
        return template.replace("{to}", json(to)).replace("{text}", json(text));
    }

    private static String clip(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    private static String json(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
