package com.evhotline.staff.repository;

import com.evhotline.staff.AppUser;
import com.evhotline.staff.Staff;
import com.evhotline.staff.StaffRole;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Staff members, their roles and logins. */
@ApplicationScoped
@WithSession
public class StaffRepository implements PanacheRepository<Staff> {

    public Uni<List<String>> rolesOf(Long staffId) {
        return getSession().chain(s -> s.createQuery("select r.role from StaffRole r where r.staffId = ?1 order by r.role",
                String.class).setParameter(1, staffId).getResultList());
    }

    public Uni<List<StaffRole>> rolesOf(Collection<Long> staffIds) {
        return staffIds.isEmpty() ? Uni.createFrom().item(List.of())
                : getSession().chain(s -> s.createQuery("from StaffRole r where r.staffId in ?1", StaffRole.class)
                        .setParameter(1, staffIds).getResultList());
    }

    public Uni<AppUser> userByName(String username) {
        return getSession().chain(s -> s.createQuery("from AppUser u where u.username = ?1", AppUser.class)
                .setParameter(1, username).getSingleResultOrNull());
    }

    public Uni<List<AppUser>> usersOf(Collection<Long> staffIds) {
        return staffIds.isEmpty() ? Uni.createFrom().item(List.of())
                : getSession().chain(s -> s.createQuery("from AppUser u where u.staffId in ?1", AppUser.class)
                        .setParameter(1, staffIds).getResultList());
    }

    /** Whether a service station with that id exists (a staff member may belong to one). */
    /** The person's roles become exactly these, in the session's transaction. */
    public Uni<Void> replaceRoles(Long staffId, java.util.Set<String> roles) {
        return getSession().chain(s -> s.createMutationQuery("delete from StaffRole where staffId = :id")
                        .setParameter("id", staffId).executeUpdate())
                .chain(() -> getSession().chain(s -> s.persistAll(
                        roles.stream().map(r -> StaffRole.of(staffId, r)).toArray())))
                .chain(() -> getSession().chain(s -> s.flush()));
    }

    public Uni<Boolean> stationExists(Long stationId) {
        return getSession().chain(s -> s.createNativeQuery("SELECT count(*) FROM station WHERE id = ?1", Long.class)
                .setParameter(1, stationId).getSingleResult()).map(n -> n > 0);
    }

    /** The active person whose phone this is, or null. */
    public Uni<Staff> activeWithDevice(String device) {
        return find("device = ?1 and active = true", device).firstResult();
    }

    /** Every active person with a phone on record. */
    public Uni<List<Staff>> activeWithDevices() {
        return list("device is not null and active = true");
    }

    public Uni<Long> countUsers() {
        return getSession().chain(s -> s.createQuery("select count(u) from AppUser u", Long.class).getSingleResult());
    }
}
