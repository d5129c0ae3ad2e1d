package com.evhotline.staff.service;

import com.evhotline.common.HotlineConfig;
import com.evhotline.common.StartupLoads;
import com.evhotline.security.Roles;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/** On first start with no users, creates {@code admin} with {@code HOTLINE_ADMIN_PASSWORD} or a random password it logs once. */
@ApplicationScoped
public class FirstAdministrator {

    private static final Logger LOG = Logger.getLogger(FirstAdministrator.class);

    private final StaffRepository staff;
    private final StaffService service;
    private final HotlineConfig config;

    public FirstAdministrator(StaffRepository staff, StaffService service, HotlineConfig config) {
        this.staff = staff;
        this.service = service;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start, StartupLoads loads) {
        loads.begin("creating the first administrator", this::createIfNoUsers);
    }

    Uni<Void> createIfNoUsers() {
        return Panache.withSession(staff::countUsers).chain(users -> {
            if (users > 0) {
                return Uni.createFrom().voidItem();
            }
            boolean given = config.adminPassword().filter(p -> !p.isBlank()).isPresent();
            String password = given ? config.adminPassword().get() : randomPassword();
            return service.create(new StaffService.NewStaff("Administrator", null, null, List.of(Roles.ADMIN), null, null,
                    "admin", password, null))
                    .invoke(created -> {
                        if (given) {
                            LOG.info("Created the first administrator 'admin' with the password from HOTLINE_ADMIN_PASSWORD");
                        } else {
                            LOG.warnf("Created the first administrator 'admin' with the password %s (shown once: change it)",
                                    password);
                        }
                    })
                    .replaceWithVoid()
                    // instances starting together on one database: one of them creates it
                    .onFailure().recoverWithUni(failed -> Panache.withSession(staff::countUsers).chain(now -> {
                        if (now > 0) {
                            LOG.infof("The first administrator was created by another instance meanwhile");
                            return Uni.createFrom().voidItem();
                        }
                        return Uni.createFrom().failure(failed);
                    }));
        });
    }

    private static String randomPassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
