package org.takedown.verification.check;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RequestSubmitted;
import org.takedown.messaging.Inbox;

@ApplicationScoped
public class SubmittedRequestsConsumer {

    static final String CHANNEL = "requests-submitted";

    private final Inbox inbox;
    private final VerificationService verification;

    SubmittedRequestsConsumer(Inbox inbox, VerificationService verification) {
        this.inbox = inbox;
        this.verification = verification;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onSubmitted(Message<String> message) {
        return inbox.consume(message, RequestSubmitted.class, verification::verify);
    }
}
