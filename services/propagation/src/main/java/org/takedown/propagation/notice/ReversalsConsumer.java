package org.takedown.propagation.notice;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.DecisionReversed;
import org.takedown.events.RequestWithdrawn;
import org.takedown.messaging.Inbox;

/** Withdrawn requests and reversed decisions: what was sent gets a reversal, what was not is never sent. */
@ApplicationScoped
public class ReversalsConsumer {

    static final String WITHDRAWN = "requests-withdrawn";
    static final String REVERSED = "reviews-reversed";

    private final Inbox inbox;
    private final Reversals reversals;

    ReversalsConsumer(Inbox inbox, Reversals reversals) {
        this.inbox = inbox;
        this.reversals = reversals;
    }

    @Incoming(WITHDRAWN)
    public CompletionStage<Void> onWithdrawn(Message<String> message) {
        return inbox.consume(message, RequestWithdrawn.class, reversals::withdrawn);
    }

    @Incoming(REVERSED)
    public CompletionStage<Void> onReversed(Message<String> message) {
        return inbox.consume(message, DecisionReversed.class, reversals::reversed);
    }
}
