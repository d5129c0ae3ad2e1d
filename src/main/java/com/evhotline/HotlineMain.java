package com.evhotline;

import com.evhotline.db.EmbeddedDatabase;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Entry point: starts the embedded PostgreSQL when no database is configured, then the service. */
@QuarkusMain
public class HotlineMain {

    public static void main(String... args) {
        if (ClassArchiveRun.requested()) {
            ClassArchiveRun.usePortsOfItsOwn();
        }
        // Quarkus ends with System.exit, and a signal ends it inside the JVM's shutdown hooks: code after
        // Quarkus.run never runs, so the database is stopped from a hook of its own
        EmbeddedDatabase.startInBackgroundIfNoneConfigured()
                .ifPresent(embedded -> Runtime.getRuntime().addShutdownHook(new StopDatabaseAfterService(embedded)));
        Quarkus.run(Service.class, args);
    }

    /** Runs until the process is asked to stop. */
    public static class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            if (ClassArchiveRun.requested()) {
                int ready = ClassArchiveRun.askReadinessOnce();
                ClassArchiveRun.linkLoadedClasses();
                return ready;
            }
            Quarkus.waitForExit();
            return 0;
        }
    }

    /** Stops the embedded database once Quarkus has stopped, so that requests in flight can still finish. */
    static final class StopDatabaseAfterService extends Thread {

        // only a bound against an application that never started: Quarkus' own hook waits for it without one
        private static final Duration SERVICE_STOP = Duration.ofMinutes(2);

        private final CompletableFuture<EmbeddedDatabase> database;

        StopDatabaseAfterService(CompletableFuture<EmbeddedDatabase> database) {
            super("hotline-embedded-postgres-stop");
            this.database = database;
        }

        @Override
        public void run() {
            Application service = Application.currentApplication();
            if (service != null) {
                // hooks run side by side: wait for the service's stop in a thread we may give up on
                Thread waiter = new Thread(service::awaitShutdown, "hotline-await-service-stop");
                waiter.setDaemon(true);
                waiter.start();
                try {
                    waiter.join(SERVICE_STOP.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            EmbeddedDatabase started;
            try {
                // a server still starting is waited for: stopping it is what leaves nothing behind
                started = database.get(SERVICE_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException neverStarted) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!started.stop()) {
                // Quarkus has closed its log handlers by now: standard error is the one channel left
                System.err.println("The embedded PostgreSQL did not stop; it may still run on " + started.dataDirectory());
            }
        }
    }
}
