package org.takedown.verification.check;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.EventCodec;
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
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onSubmitted(String payload) {
        inbox.process("verification", EventCodec.read(payload, RequestSubmitted.class), verification::verify);
    }
}
