package com.evhotline.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMS gateway over real HTTP, as providers run them: a bearer token, and an {@code Idempotency-Key} under which
 * a request repeated is one message. It can be told to answer 500, or to hang past the client's timeout, for the
 * next requests.
 */
public final class FakeSmsGateway {

    public static final String TOKEN = "sms-test-token";

    /** One request as it arrived. */
    public record Request(String key, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    /** The messages the gateway would send to phones: one per idempotency key, the first body. */
    private final Map<String, String> messages = new LinkedHashMap<>();
    /** Per text: how many more requests naming it are answered 500, or left hanging past the client's timeout. */
    private final Map<String, AtomicInteger> failing = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hanging = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusingInBody = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean refuseAll;

    private FakeSmsGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-sms-gateway");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private static FakeSmsGateway instance;

    public static synchronized FakeSmsGateway get() {
        if (instance == null) {
            try {
                instance = new FakeSmsGateway();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = x.getRequestHeaders().getFirst("Idempotency-Key");
        Request r = new Request(key, x.getRequestHeaders().getFirst("Authorization"), body);
        synchronized (this) {
            requests.add(r);
        }
        if (take(hanging, body)) {
            synchronized (this) {
                messages.putIfAbsent(key, body); // taken, but the answer comes after the client gave up
            }
            sleepQuietly(5_000);
            answer(x, 202, "{\"status\":\"late\"}");
            return;
        }
        if (take(refusingInBody, body)) {
            answer(x, 200, "{\"error\":\"number blocked by the operator\"}"); // 2xx, yet not sent
            return;
        }
        if (refuseAll || take(failing, body)) {
            answer(x, 500, "{\"error\":\"gateway overloaded\"}");
            return;
        }
        if (!("Bearer " + TOKEN).equals(r.authorization())) {
            answer(x, 401, "{\"error\":\"bad token\"}");
            return;
        }
        synchronized (this) {
            messages.putIfAbsent(key, body);
        }
        answer(x, 202, "{\"id\":\"" + key + "\"}");
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean take(Map<String, AtomicInteger> counts, String body) {
        for (Map.Entry<String, AtomicInteger> e : counts.entrySet()) {
            if (body.contains(e.getKey()) && e.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The next {@code n} requests whose body names {@code text} are answered 500. */
    public void fail(String text, int n) {
        failing.put(text, new AtomicInteger(n));
    }

    /** The next request whose body names {@code text} is taken but answered only after the client's timeout. */
    public void hang(String text) {
        hanging.put(text, new AtomicInteger(1));
    }

    /** The next request whose body names {@code text} is answered 200 with a refusal in the body. */
    public void refuseInBody(String text) {
        refusingInBody.put(text, new AtomicInteger(1));
    }

    public void reset() {
        refusingInBody.clear();
        failing.clear();
        hanging.clear();
        refuseAll = false;
    }

    public void refuseAll(boolean refuse) {
        refuseAll = refuse;
    }

    /** The messages sent to phones whose body names {@code text}. */
    public synchronized List<String> messagesContaining(String text) {
        return messages.values().stream().filter(b -> b.contains(text)).toList();
    }

    /** The requests whose body names {@code text}, repeats included. */
    public synchronized List<Request> requestsContaining(String text) {
        return requests.stream().filter(r -> r.body().contains(text)).toList();
    }
}
