package com.evhotline.staff.service;

import com.evhotline.common.HotlineConfig;
import com.evhotline.security.Roles;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
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

    void onStart(@Observes StartupEvent start) throws Throwable {
        long users = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(staff::countUsers));
        if (users > 0) {
            return;
        }
        String password = config.adminPassword().filter(p -> !p.isBlank()).orElseGet(FirstAdministrator::randomPassword);
        try {
            VertxContextSupport.subscribeAndAwait(() -> service.create(new StaffService.NewStaff("Administrator", null, null,
                    List.of(Roles.ADMIN), null, null, "admin", password)));
        } catch (RuntimeException failed) {
            if (VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(staff::countUsers)) > 0) {
                LOG.infof("The first administrator was created by another instance meanwhile");
                return;
            }
            throw failed;
        }
        if (config.adminPassword().filter(p -> !p.isBlank()).isPresent()) {
            LOG.info("Created the first administrator 'admin' with the password from HOTLINE_ADMIN_PASSWORD");
        } else {
            LOG.warnf("Created the first administrator 'admin' with the password %s (shown once: change it)", password);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
