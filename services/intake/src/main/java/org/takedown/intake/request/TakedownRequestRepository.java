package org.takedown.intake.request;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class TakedownRequestRepository implements PanacheRepositoryBase<TakedownRequest, UUID> {

    public java.util.Optional<TakedownRequest> findByIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResultOptional();
    }
}
