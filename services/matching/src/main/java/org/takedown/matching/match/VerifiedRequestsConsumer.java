package org.takedown.matching.match;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestVerified;
import org.takedown.messaging.Inbox;

@ApplicationScoped
public class VerifiedRequestsConsumer {

    static final String CHANNEL = "requests-verified";

    private final Inbox inbox;
    private final MatchingService matching;

    VerifiedRequestsConsumer(Inbox inbox, MatchingService matching) {
        this.inbox = inbox;
        this.matching = matching;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onVerified(String payload) {
        inbox.process("matching", EventCodec.read(payload, RequestVerified.class), matching::match);
    }
}
