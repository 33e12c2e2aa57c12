package org.takedown.review.cases;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchesFound;
import org.takedown.messaging.Inbox;

@ApplicationScoped
public class MatchesConsumer {

    static final String CHANNEL = "matches-found";

    private final Inbox inbox;
    private final ReviewService review;

    MatchesConsumer(Inbox inbox, ReviewService review) {
        this.inbox = inbox;
        this.review = review;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onMatches(String payload) {
        inbox.process("review", EventCodec.read(payload, MatchesFound.class), review::open);
    }
}
