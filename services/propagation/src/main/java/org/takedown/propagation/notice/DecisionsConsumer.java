package org.takedown.propagation.notice;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.EventCodec;
import org.takedown.events.ReviewDecided;
import org.takedown.messaging.Inbox;

@ApplicationScoped
public class DecisionsConsumer {

    static final String CHANNEL = "reviews-decided";

    private final Inbox inbox;
    private final PropagationService propagation;

    DecisionsConsumer(Inbox inbox, PropagationService propagation) {
        this.inbox = inbox;
        this.propagation = propagation;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onDecided(String payload) {
        inbox.process("propagation", EventCodec.read(payload, ReviewDecided.class), propagation::plan);
    }
}
