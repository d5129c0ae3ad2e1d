package com.evhotline.telephony;

import com.evhotline.common.OnSafeContext;
import com.evhotline.common.StartupLoads;
import com.evhotline.db.TableChanges;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Which active person each phone belongs to (staff data's {@code device}), held in memory so that a queue
 * member the PBX reports is named by staff id as its event passes. Read at start and again whenever staff
 * data changes, whoever changed it.
 */
@ApplicationScoped
public class AgentDirectory {

    private static final Logger LOG = Logger.getLogger(AgentDirectory.class);

    private record Snapshot(long generation, Map<String, Long> staffByDevice) {
    }

    private final StaffRepository staff;
    private final Vertx vertx;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(0, Map.of()));

    public AgentDirectory(StaffRepository staff, Vertx vertx) {
        this.staff = staff;
        this.vertx = vertx;
    }

    void load(@Observes StartupEvent start, StartupLoads loads, TableChanges changes) {
        loads.begin("reading the agents' phones", this::reload);
        changes.follow("staff", () -> OnSafeContext.start(vertx, this::reload, LOG,
                "Cannot read the agents' phones again (%s): queue members keep the staff ids last read"));
    }

    /** The staff id of the active person with this phone, or null. */
    public Long staffOf(String device) {
        return device == null ? null : current.get().staffByDevice().get(device);
    }

    /** Reads the phones again; of two reads that overlap, the one begun later is kept, whatever order they end in. */
    public Uni<Void> reload() {
        return Uni.createFrom().deferred(() -> {
            long generation = reads.incrementAndGet();
            return Panache.withSession(staff::activeWithDevices).map(people -> {
                Map<String, Long> byDevice = new HashMap<>();
                people.forEach(p -> byDevice.put(p.device, p.id));
                return new Snapshot(generation, Map.copyOf(byDevice));
            });
        }).invoke(fresh -> current.accumulateAndGet(fresh, (old, s) -> s.generation() > old.generation() ? s : old))
                .replaceWithVoid();
    }
}
