package org.takedown.intake.request;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class TakedownRequestRepository implements PanacheRepositoryBase<TakedownRequest, UUID> {

    /**
     * The request with its timeline, read in one statement. Under READ COMMITTED each statement sees what was
     * committed when it began: a timeline loaded lazily, after an event handler committed, would show the
     * handler's note beside the fields as they were before it (a deadline extension without its new date).
     */
    public java.util.Optional<TakedownRequest> findWithTimeline(UUID id) {
        return find("from TakedownRequest r left join fetch r.timeline where r.id = ?1", id).firstResultOptional();
    }

    public java.util.Optional<TakedownRequest> findByIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResultOptional();
    }
}
