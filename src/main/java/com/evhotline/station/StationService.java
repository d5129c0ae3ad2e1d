package com.evhotline.station;

import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.common.Text;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/** Registers service stations and reads them back. */
@ApplicationScoped
public class StationService {

    /** A station to register; its fields are checked by the resource's constraints and here. */
    public record NewStation(String code, String name, String region, String phone, Long managerStaffId,
            List<String> preferredChannels) {
    }

    /** A change to a station: each field given replaces the stored one; an empty text clears it. */
    public record StationChange(String name, String region, String phone, String address, Long managerStaffId,
            Boolean active, List<String> preferredChannels) {
    }

    private final StationRepository stations;
    private final StaffRepository staff;
    private final PhoneNumbers phones;
    private final Clock clock;

    public StationService(StationRepository stations, StaffRepository staff, PhoneNumbers phones, Clock clock) {
        this.stations = stations;
        this.staff = staff;
        this.phones = phones;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Station> create(NewStation cmd) {
        Station s = new Station();
        s.code = cmd.code();
        s.name = cmd.name().trim();
        s.region = Text.blankToNull(cmd.region());
        s.phone = cmd.phone() == null || cmd.phone().isBlank() ? null : phones.normalise("phone", cmd.phone());
        s.managerStaffId = cmd.managerStaffId();
        s.preferredChannels = channels(cmd.preferredChannels());
        s.createdAt = clock.instant();
        return manager(cmd.managerStaffId()).chain(() -> stations.byCode(cmd.code()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw Problem.conflict("station code '" + cmd.code() + "' is taken by station " + existing.id);
                    }
                })
                .chain(() -> stations.persist(s));
    }

    /** Changes a station; everything is checked before anything is written. */
    @WithTransaction
    public Uni<Station> change(long id, StationChange c) {
        String phone = c.phone() == null ? null : c.phone().isBlank() ? "" : phones.normalise("phone", c.phone());
        String[] preferred = channels(c.preferredChannels());
        if (c.name() != null && c.name().isBlank()) {
            throw Problem.invalid("name: a station keeps a name; give a new one or leave it out");
        }
        return stations.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("station", id))
                .call(s -> manager(c.managerStaffId()))
                .invoke(s -> {
                    if (c.name() != null) {
                        s.name = c.name().trim();
                    }
                    if (c.region() != null) {
                        s.region = Text.blankToNull(c.region());
                    }
                    if (phone != null) {
                        s.phone = phone.isEmpty() ? null : phone;
                    }
                    if (c.address() != null) {
                        s.address = Text.blankToNull(c.address());
                    }
                    if (c.managerStaffId() != null) {
                        s.managerStaffId = c.managerStaffId();
                    }
                    if (c.active() != null) {
                        s.active = c.active();
                    }
                    if (c.preferredChannels() != null) { // an empty list: back to the configured plan
                        s.preferredChannels = preferred;
                    }
                });
    }

    private static String[] channels(List<String> given) {
        try {
            return StationChannels.of(given);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("preferredChannels: " + e.getMessage());
        }
    }

    private Uni<Void> manager(Long managerStaffId) {
        return managerStaffId == null ? Uni.createFrom().voidItem()
                : staff.findById(managerStaffId).invoke(m -> {
                    if (m == null || !m.active) {
                        throw Problem.invalid("managerStaffId: no active staff member with id " + managerStaffId);
                    }
                }).replaceWithVoid();
    }

    @WithSession
    public Uni<List<Station>> list() {
        return stations.list("order by code");
    }

    @WithSession
    public Uni<Station> get(long id) {
        return stations.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("station", id));
    }
}
