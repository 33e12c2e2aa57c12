package org.takedown.review.cases;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class RequestRiskRepository implements PanacheRepositoryBase<RequestRisk, UUID> {
}
