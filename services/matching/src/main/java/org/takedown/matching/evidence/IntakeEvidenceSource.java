package org.takedown.matching.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Evidence from intake's internal API; each call is logged there with the purpose {@value #PURPOSE}. */
@ApplicationScoped
public class IntakeEvidenceSource implements EvidenceSource {

    static final String PURPOSE = "matching: perceptual hashes of the evidence, searched in the data set";

    private final IntakeEvidenceClient intake;

    IntakeEvidenceSource(@RestClient IntakeEvidenceClient intake) {
        this.intake = intake;
    }

    @Override
    public List<IntakeEvidenceClient.EvidenceView> list(UUID requestId) {
        return intake.list(requestId, PURPOSE);
    }

    /** An intake from before device hashes answers 404 for their path: it holds none. */
    @Override
    public List<IntakeEvidenceClient.EvidenceHashView> hashes(UUID requestId) {
        try {
            return intake.hashes(requestId, PURPOSE);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public byte[] image(UUID requestId, UUID evidenceId) {
        return intake.image(requestId, evidenceId, PURPOSE);
    }
}
