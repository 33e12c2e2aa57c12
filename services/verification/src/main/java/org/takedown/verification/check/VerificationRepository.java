package org.takedown.verification.check;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<Verification, UUID> {
}
