package com.evhotline;

import com.evhotline.db.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point: starts the embedded PostgreSQL when no database is configured, then the service. */
@QuarkusMain
public class HotlineMain {

    public static void main(String... args) {
        EmbeddedDatabase embedded = EmbeddedDatabase.startIfNoneConfigured();
        try {
            Quarkus.run(Service.class, args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Runs until the process is asked to stop. */
    public static class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
