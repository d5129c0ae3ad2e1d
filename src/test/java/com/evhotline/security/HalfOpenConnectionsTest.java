package com.evhotline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections that send half a request and wait hold nothing the others need: health answers at once. */
@QuarkusTest
class HalfOpenConnectionsTest {

    @TestHTTPResource("/q/health/ready")
    URL health;

    /** As many as this JVM's file limit allows beside the server's own ends, at most 2,000. */
    private static int howMany() {
        long limit = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : 1024;
        return (int) Math.max(100, Math.min(2_000, (limit - 500) / 2));
    }

    @Test
    void healthAnswersWithinASecondWhileThousandsOfRequestsStallHalfSent() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < howMany(); i++) {
                Socket s = new Socket(health.getHost(), health.getPort());
                s.getOutputStream().write(("POST /api/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(health.toString()))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(ms < 1_000, "health answered in " + ms + " ms beside " + stalled.size() + " stalled requests");
        } finally {
            for (Socket s : stalled) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket the server dropped already
                }
            }
        }
    }
}
