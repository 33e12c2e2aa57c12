package org.takedown.matching.match;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class MatchRunRepository implements PanacheRepositoryBase<MatchRun, UUID> {
}
