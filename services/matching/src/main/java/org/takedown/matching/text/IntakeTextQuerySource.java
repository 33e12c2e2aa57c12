package org.takedown.matching.text;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Text queries from intake's internal API; each call is logged there with the purpose {@value #PURPOSE}.
 * A request intake answers 410 for (withdrawn or erased meanwhile) has nothing left to search; any
 * other failure is thrown to the consumer's failure policy (ADR 015): intake away or answering 5xx, and
 * the event waits and is applied again; another 4xx, and it goes to the dead-letter topic.
 */
@ApplicationScoped
public class IntakeTextQuerySource implements TextQuerySource {

    static final String PURPOSE = "matching: caption text search in the data set";

    private static final Logger LOG = Logger.getLogger(IntakeTextQuerySource.class);

    private final IntakeTextQueryClient intake;

    IntakeTextQuerySource(@RestClient IntakeTextQueryClient intake) {
        this.intake = intake;
    }

    @Override
    public List<IntakeTextQueryClient.TextQuery> list(UUID requestId) {
        try {
            List<IntakeTextQueryClient.TextQuery> queries = intake.list(requestId, PURPOSE);
            return queries == null ? List.of() : queries;
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 410) {
                LOG.infof("request %s: text queries gone at intake (withdrawn or erased); not searched", requestId);
                return List.of();
            }
            throw e;
        }
    }
}
