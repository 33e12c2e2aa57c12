package org.takedown.propagation.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.EventCodec;
import org.takedown.events.ReviewDecided;
import org.takedown.messaging.Inbox;
import org.takedown.propagation.pdq.Pdq;

@ApplicationScoped
public class DecisionsConsumer {

    static final String CHANNEL = "reviews-decided";

    private final Inbox inbox;
    private final PropagationService propagation;
    private final ObjectMapper json;

    DecisionsConsumer(Inbox inbox, PropagationService propagation, ObjectMapper json) {
        this.inbox = inbox;
        this.propagation = propagation;
        this.json = json;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onDecided(String payload) {
        ReviewDecided decision = EventCodec.read(payload, ReviewDecided.class);
        Map<String, String> pdq = Pdq.fromDecision(json, payload);
        inbox.process("propagation", decision, d -> propagation.plan(d, pdq));
    }
}
