package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
    public CompletionStage<Void> onMatches(Message<String> message) {
        return inbox.consume(message, MatchesFound.class, review::open);
    }
}
