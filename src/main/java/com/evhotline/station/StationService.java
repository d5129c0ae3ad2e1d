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
    public record NewStation(String code, String name, String region, String phone, Long managerStaffId) {
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
        s.createdAt = clock.instant();
        Uni<Void> manager = cmd.managerStaffId() == null ? Uni.createFrom().voidItem()
                : staff.findById(cmd.managerStaffId()).invoke(m -> {
                    if (m == null) {
                        throw Problem.invalid("managerStaffId: no staff member with id " + cmd.managerStaffId());
                    }
                }).replaceWithVoid();
        return manager.chain(() -> stations.byCode(cmd.code()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw Problem.conflict("station code '" + cmd.code() + "' is taken by station " + existing.id);
                    }
                })
                .chain(() -> stations.persist(s));
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
