package com.evhotline.station;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Service stations. */
@ApplicationScoped
@WithSession
public class StationRepository implements PanacheRepository<Station> {

    public Uni<Station> byCode(String code) {
        return find("code", code).firstResult();
    }

    /** The stations of these codes, by code. */
    public Uni<java.util.Map<String, Station>> byCodes(java.util.Collection<String> codes) {
        return codes.isEmpty() ? Uni.createFrom().item(java.util.Map.of())
                : list("code in ?1", codes).map(found -> found.stream()
                        .collect(java.util.stream.Collectors.toMap(st -> st.code, st -> st)));
    }

    /** Which of these ids are active staff members. */
    public Uni<java.util.Set<Long>> activeStaffAmong(java.util.Collection<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(java.util.Set.of())
                : getSession().chain(s -> s.createSelectionQuery("select p.id from Staff p where p.active and p.id in :ids",
                        Long.class).setParameter("ids", ids).getResultList()).map(java.util.Set::copyOf);
    }
}
