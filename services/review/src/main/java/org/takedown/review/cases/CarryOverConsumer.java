package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.messaging.Inbox;

/** Removals carried over to a new release: near copies found there become a carry-over case (ADR 017). */
@ApplicationScoped
public class CarryOverConsumer {

    static final String CHANNEL = "removals-carried-over";

    private final Inbox inbox;
    private final CarryOverCases cases;

    CarryOverConsumer(Inbox inbox, CarryOverCases cases) {
        this.inbox = inbox;
        this.cases = cases;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onCarriedOver(Message<String> message) {
        return inbox.consume(message, RemovalsCarriedOver.class, cases::open);
    }
}
