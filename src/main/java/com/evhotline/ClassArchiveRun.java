package com.evhotline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The build's training run ({@code -Devhotline.class-archive-run=true}, with the JVM's
 * {@code -XX:ArchiveClassesAtExit}): the service starts on ports of its own, answers its readiness
 * once and exits, so that the archive holds every class a start up to the first ready answer loads.
 * The JVM archives only linked classes of the application's class loader, and a start merely loads
 * many (those named in signatures being verified): before it exits, the run links every class its
 * class-load log ({@value #CLASS_LOG}) names, so that those are read from the archive too.
 */
final class ClassArchiveRun {

    static final String PROPERTY = "evhotline.class-archive-run";
    /** Where the build's {@code -Xlog:class+load} writes, as the pom names it. */
    static final String CLASS_LOG = "target/class-archive-run.classes";
    private static final String SOURCE = " source: ";

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

    /**
     * Links each class loaded from the application's jars that the log names; linking resolves names
     * in signatures, which loads more, so the log is read again until it names nothing new.
     */
    static void linkLoadedClasses() {
        Path log = Path.of(CLASS_LOG);
        if (!Files.isRegularFile(log)) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Set<String> done = new HashSet<>();
        for (int pass = 0; pass < 5; pass++) {
            if (linkNew(log, loader, done) == 0) {
                return; // the previous pass loaded nothing new
            }
        }
    }

    private static int linkNew(Path log, ClassLoader loader, Set<String> done) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return 0;
        }
        int linked = 0;
        for (String line : lines) {
            int source = line.indexOf(SOURCE);
            if (source < 0 || !line.startsWith("file:", source + SOURCE.length())) {
                continue; // the JDK's own classes, the archive's, and generated ones link or archive without help
            }
            String name = line.substring(line.lastIndexOf(' ', source - 1) + 1, source);
            if (done.add(name)) {
                try {
                    Class.forName(name, false, loader).getDeclaredMethods(); // links, without initialising
                    linked++;
                } catch (Throwable unlinkable) {
                    // a class whose optional dependency is absent stays out of the archive, as before
                }
            }
        }
        return linked;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the class-archive run", e);
        }
    }
}
