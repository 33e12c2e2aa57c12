package org.takedown.propagation.notice;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.DecisionReversed;
import org.takedown.events.EventCodec;
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
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onWithdrawn(String payload) {
        inbox.process("propagation", EventCodec.read(payload, RequestWithdrawn.class), reversals::withdrawn);
    }

    @Incoming(REVERSED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onReversed(String payload) {
        inbox.process("propagation", EventCodec.read(payload, DecisionReversed.class), reversals::reversed);
    }
}
