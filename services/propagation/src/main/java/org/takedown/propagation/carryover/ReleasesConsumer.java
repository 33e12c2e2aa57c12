package org.takedown.propagation.carryover;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.ReleaseActivated;
import org.takedown.messaging.Inbox;

/** Activated releases: the data set's removals follow their items into them (ADR 017). */
@ApplicationScoped
public class ReleasesConsumer {

    static final String CHANNEL = "releases-activated";

    private final Inbox inbox;
    private final CarryOverService carryOver;

    ReleasesConsumer(Inbox inbox, CarryOverService carryOver) {
        this.inbox = inbox;
        this.carryOver = carryOver;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onActivated(Message<String> message) {
        return inbox.consume(message, ReleaseActivated.class, carryOver::carryOver);
    }
}
