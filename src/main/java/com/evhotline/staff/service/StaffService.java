package com.evhotline.staff.service;

import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.common.Text;
import com.evhotline.security.PasswordPolicy;
import com.evhotline.security.Roles;
import com.evhotline.staff.AppUser;
import com.evhotline.staff.Devices;
import com.evhotline.staff.Staff;
import com.evhotline.staff.StaffRole;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;

/** Creates staff members with their roles and, optionally, a login. */
@ApplicationScoped
public class StaffService {

    /** A new person, validated by the resource's bean constraints; roles are checked here. */
    public record NewStaff(String name, String mobile, String email, List<String> roles, String region, Long stationId,
            String username, String password, String device) {
    }

    /** A staff member as the API shows it. */
    public record StaffView(Long id, String name, String mobile, String email, List<String> roles, String region,
            Long stationId, String username, boolean active, String device) {
    }

    private final StaffRepository staff;
    private final PhoneNumbers phones;
    private final Clock clock;
    private final Vertx vertx;

    /**
     * A change to a person: each field given replaces the stored one ({@code roles} as a whole); an empty text
     * clears it. {@code active = false}: a leaver, who leaves every on-duty chain and is told nothing more.
     */
    public record StaffChange(String name, String mobile, String email, List<String> roles, String region,
            Long stationId, Boolean active, String device) {
    }

    public StaffService(StaffRepository staff, PhoneNumbers phones, Clock clock, Vertx vertx) {
        this.vertx = vertx;
        this.staff = staff;
        this.phones = phones;
        this.clock = clock;
    }

    public Uni<StaffView> create(NewStaff cmd) {
        Set<String> roles = checkedRoles(cmd);
        String mobile = cmd.mobile() == null || cmd.mobile().isBlank() ? null : phones.mobile("mobile", cmd.mobile());
        String device = Devices.checked("device", cmd.device());
        if (mobile == null && (roles.contains(Roles.DUTY) || roles.contains(Roles.LEADER))) {
            throw Problem.invalid("mobile: required for the roles duty and leader (forwarded calls and alerts go there)");
        }
        if ((cmd.username() == null) != (cmd.password() == null)) {
            throw Problem.invalid("username and password: give both to create a login, or neither");
        }
        if (cmd.password() != null) {
            PasswordPolicy.check("password", cmd.password(), cmd.username());
        }
        Uni<String> hash = cmd.password() == null ? Uni.createFrom().nullItem()
                : vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(cmd.password())));
        return hash.chain(h -> persist(cmd, mobile, device, roles, h));
    }

    @WithTransaction
    Uni<StaffView> persist(NewStaff cmd, String mobile, String device, Set<String> roles, String passwordHash) {
        Uni<Void> checks = deviceFree(device, null);
        if (cmd.stationId() != null) {
            checks = checks.chain(() -> staff.stationExists(cmd.stationId())).invoke(exists -> {
                if (!exists) {
                    throw Problem.invalid("stationId: no station with id " + cmd.stationId());
                }
            }).replaceWithVoid();
        }
        if (cmd.username() != null) {
            checks = checks.chain(() -> staff.userByName(cmd.username())).invoke(u -> {
                if (u != null) {
                    throw Problem.conflict("username '" + cmd.username() + "' is taken: choose another");
                }
            }).replaceWithVoid();
        }
        Staff s = new Staff();
        s.name = cmd.name().trim();
        s.mobile = mobile;
        s.email = cmd.email();
        s.region = Text.blankToNull(cmd.region());
        s.stationId = cmd.stationId();
        s.device = device;
        s.createdAt = clock.instant();
        return checks.chain(() -> staff.persist(s))
                .call(saved -> staff.getSession().chain(session -> session.persistAll(
                        roles.stream().map(r -> StaffRole.of(saved.id, r)).toArray())))
                .call(saved -> passwordHash == null ? Uni.createFrom().voidItem()
                        : staff.getSession().chain(session -> session.persist(user(saved.id, cmd.username(), passwordHash))))
                .map(saved -> view(saved, List.copyOf(roles), cmd.username()));
    }

    /** Changes a person; the result must still satisfy what creating them requires, or nothing is written. */
    @WithTransaction
    public Uni<StaffView> change(long id, StaffChange c) {
        String mobile = c.mobile() == null ? null : c.mobile().isBlank() ? "" : phones.mobile("mobile", c.mobile());
        String device = c.device() == null ? null : c.device().isBlank() ? "" : Devices.checked("device", c.device());
        if (c.name() != null && c.name().isBlank()) {
            throw Problem.invalid("name: a person keeps a name; give a new one or leave it out");
        }
        return staff.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("staff member", id))
                .chain(s -> staff.rolesOf(s.id).chain(current -> {
                    String newMobile = mobile == null ? s.mobile : mobile.isEmpty() ? null : mobile;
                    String region = c.region() == null ? s.region : Text.blankToNull(c.region());
                    Long station = c.stationId() == null ? s.stationId : c.stationId();
                    Set<String> roles = checkedRoles(new NewStaff(s.name, newMobile, null,
                            c.roles() == null ? current : c.roles(), region, station, null, null, null));
                    if (newMobile == null && (roles.contains(Roles.DUTY) || roles.contains(Roles.LEADER))) {
                        throw Problem.invalid("mobile: required for the roles duty and leader (forwarded calls and"
                                + " alerts go there)");
                    }
                    Uni<Void> stationExists = c.stationId() == null ? Uni.createFrom().voidItem()
                            : staff.stationExists(c.stationId()).invoke(exists -> {
                                if (!exists) {
                                    throw Problem.invalid("stationId: no station with id " + c.stationId());
                                }
                            }).replaceWithVoid();
                    String newDevice = device == null ? s.device : device.isEmpty() ? null : device;
                    boolean active = c.active() == null ? s.active : c.active();
                    // a phone given, or a person with one coming back: nobody else on the staff may hold it
                    Uni<Void> deviceFree = !active || (c.device() == null && c.active() == null)
                            ? Uni.createFrom().voidItem() : deviceFree(newDevice, s.id);
                    return stationExists.chain(() -> deviceFree).chain(() -> {
                        if (c.name() != null) {
                            s.name = c.name().trim();
                        }
                        s.mobile = newMobile;
                        if (c.email() != null) {
                            s.email = Text.blankToNull(c.email());
                        }
                        s.region = region;
                        s.stationId = station;
                        s.device = newDevice;
                        if (c.active() != null) {
                            s.active = c.active();
                        }
                        return c.roles() == null || Set.copyOf(current).equals(roles) ? Uni.createFrom().voidItem()
                                : staff.replaceRoles(s.id, roles);
                    }).chain(() -> views(List.of(s))).map(v -> v.get(0));
                }));
    }

    @WithSession
    public Uni<List<StaffView>> list() {
        return staff.listAll().chain(this::views);
    }

    @WithSession
    public Uni<StaffView> get(long id) {
        return staff.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("staff member", id))
                .chain(s -> views(List.of(s)))
                .map(v -> v.get(0));
    }

    private Uni<List<StaffView>> views(List<Staff> people) {
        List<Long> ids = people.stream().map(s -> s.id).toList();
        return staff.rolesOf(ids).chain(roles -> staff.usersOf(ids).map(users -> {
            Map<Long, List<String>> rolesBy = roles.stream().collect(Collectors.groupingBy(r -> r.staffId,
                    Collectors.mapping(StaffRole::role, Collectors.toList())));
            Map<Long, String> userBy = users.stream().collect(Collectors.toMap(u -> u.staffId, AppUser::username));
            return people.stream().map(s -> view(s, rolesBy.getOrDefault(s.id, List.of()), userBy.get(s.id))).toList();
        }));
    }

    /** Refuses a phone that another active person ({@code self} aside) holds: each queue member is one person. */
    private Uni<Void> deviceFree(String device, Long self) {
        if (device == null) {
            return Uni.createFrom().voidItem();
        }
        return staff.activeWithDevice(device).invoke(holder -> {
            if (holder != null && !holder.id.equals(self)) {
                throw Problem.conflict("device: " + device + " is the phone of " + holder.name + " (staff id " + holder.id
                        + "); a phone belongs to one person: take it from them first, or give another");
            }
        }).replaceWithVoid();
    }

    private AppUser user(Long staffId, String username, String hash) {
        AppUser u = new AppUser();
        u.staffId = staffId;
        u.username = username;
        u.passwordHash = hash;
        u.createdAt = clock.instant();
        return u;
    }

    public static StaffView view(Staff s, List<String> roles, String username) {
        return new StaffView(s.id, s.name, s.mobile, s.email, roles, s.region, s.stationId, username, s.active, s.device);
    }

    private static Set<String> checkedRoles(NewStaff cmd) {
        if (cmd.roles() == null || cmd.roles().isEmpty()) {
            throw Problem.invalid("roles: give at least one of " + Roles.ALL);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String r : cmd.roles()) {
            if (r == null || !Roles.ALL.contains(r)) {
                throw Problem.invalid("roles: '" + r + "' is not a role; roles are " + Roles.ALL);
            }
            roles.add(r);
        }
        if (roles.contains(Roles.STATION) && cmd.stationId() == null) {
            throw Problem.invalid("stationId: required for a station manager");
        }
        if (roles.contains(Roles.REGIONAL) && (cmd.region() == null || cmd.region().isBlank())) {
            throw Problem.invalid("region: required for a regional manager");
        }
        return roles;
    }
}
