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
}
