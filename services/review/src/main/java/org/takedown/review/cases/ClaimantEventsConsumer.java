package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.AppealFiled;
import org.takedown.events.InformationProvided;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.RequestWithdrawn;
import org.takedown.messaging.Inbox;

/**
 * What claimants (through intake) and vendors (through propagation) do to open and decided cases:
 * answers to questions, appeals, withdrawals and disputes. Each event is applied once (inbox).
 */
@ApplicationScoped
public class ClaimantEventsConsumer {

    static final String INFORMATION_PROVIDED = "information-provided";
    static final String APPEALED = "requests-appealed";
    static final String WITHDRAWN = "requests-withdrawn";
    static final String NOTICES_ACKNOWLEDGED = "notices-acknowledged";

    private final Inbox inbox;
    private final CaseWorkflow workflow;

    ClaimantEventsConsumer(Inbox inbox, CaseWorkflow workflow) {
        this.inbox = inbox;
        this.workflow = workflow;
    }

    @Incoming(INFORMATION_PROVIDED)
    public CompletionStage<Void> onInformationProvided(Message<String> message) {
        return inbox.consume(message, InformationProvided.class, workflow::informationProvided);
    }

    @Incoming(APPEALED)
    public CompletionStage<Void> onAppeal(Message<String> message) {
        return inbox.consume(message, AppealFiled.class, workflow::appealFiled);
    }

    @Incoming(WITHDRAWN)
    public CompletionStage<Void> onWithdrawn(Message<String> message) {
        return inbox.consume(message, RequestWithdrawn.class, workflow::withdrawn);
    }

    @Incoming(NOTICES_ACKNOWLEDGED)
    public CompletionStage<Void> onNoticeAcknowledged(Message<String> message) {
        return inbox.consume(message, NoticeAcknowledged.class, workflow::noticeAcknowledged);
    }
}
