package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RequestVerified;
import org.takedown.messaging.Inbox;

/**
 * Keeps verification's risk score and flags of each request, so that reviewers see them on the case, and the domains it
 * names, which an approved site opt-out removes as a whole.
 */
@ApplicationScoped
public class VerifiedRequestsConsumer {

    static final String CHANNEL = "requests-verified";

    private final Inbox inbox;
    private final RequestRiskRepository risks;

    VerifiedRequestsConsumer(Inbox inbox, RequestRiskRepository risks) {
        this.inbox = inbox;
        this.risks = risks;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onVerified(Message<String> message) {
        return inbox.consume(message, RequestVerified.class, verified -> {
            RequestRisk risk = new RequestRisk();
            risk.requestId = verified.requestId();
            risk.riskScore = verified.riskScore();
            risk.flags = String.join(",", verified.flags());
            risk.verifiedAt = verified.occurredAt();
            risk.domains = String.join("\n", verified.domains());
            risks.getEntityManager().merge(risk);
        });
    }
}
