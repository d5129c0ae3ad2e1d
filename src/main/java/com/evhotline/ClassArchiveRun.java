package com.evhotline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The build's training run ({@code -Devhotline.class-archive-run=true}, with the JVM's
 * {@code -XX:ArchiveClassesAtExit}): the service starts on ports of its own, answers its readiness
 * once and exits, so that the archive holds every class a start up to the first ready answer loads.
 */
final class ClassArchiveRun {

    static final String PROPERTY = "evhotline.class-archive-run";

    private ClassArchiveRun() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Free ports, so that a service already running on this machine does not make the build fail. */
    static void usePortsOfItsOwn() {
        System.setProperty("quarkus.http.port", Integer.toString(freePort()));
        System.setProperty("hotline.agi.port", Integer.toString(freePort()));
    }

    /** Asks the service's readiness as a prober would; the exit code says whether it was ready. */
    static int askReadinessOnce() {
        URI ready = URI.create("http://localhost:" + System.getProperty("quarkus.http.port") + "/q/health/ready");
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the class-archive run", e);
        }
    }
}
