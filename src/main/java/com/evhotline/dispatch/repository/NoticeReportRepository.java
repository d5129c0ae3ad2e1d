package com.evhotline.dispatch.repository;

import com.evhotline.dispatch.NoticeReport;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The stations' reports on notices, in the order they were made. */
@ApplicationScoped
@WithSession
public class NoticeReportRepository implements PanacheRepository<NoticeReport> {

    public Uni<List<NoticeReport>> of(Collection<Long> noticeIds) {
        return noticeIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("noticeId in ?1 order by id", List.copyOf(noticeIds));
    }
}
