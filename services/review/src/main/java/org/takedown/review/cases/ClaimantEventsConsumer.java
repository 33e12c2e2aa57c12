package org.takedown.review.cases;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.AppealFiled;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationProvided;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.RequestWithdrawn;
import org.takedown.messaging.Inbox;

/**
 * What claimants (through intake) and vendors (through propagation) do to open and decided cases:
 * answers to questions, appeals, withdrawals and disputes. Each event is applied once (inbox).
 */
@ApplicationScoped
public class ClaimantEventsConsumer {

    static final String INFORMATION_PROVIDED = "information-provided";
    static final String APPEALED = "requests-appealed";
    static final String WITHDRAWN = "requests-withdrawn";
    static final String NOTICES_ACKNOWLEDGED = "notices-acknowledged";

    private final Inbox inbox;
    private final CaseWorkflow workflow;

    ClaimantEventsConsumer(Inbox inbox, CaseWorkflow workflow) {
        this.inbox = inbox;
        this.workflow = workflow;
    }

    @Incoming(INFORMATION_PROVIDED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onInformationProvided(String payload) {
        inbox.process("review", EventCodec.read(payload, InformationProvided.class), workflow::informationProvided);
    }

    @Incoming(APPEALED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onAppeal(String payload) {
        inbox.process("review", EventCodec.read(payload, AppealFiled.class), workflow::appealFiled);
    }

    @Incoming(WITHDRAWN)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onWithdrawn(String payload) {
        inbox.process("review", EventCodec.read(payload, RequestWithdrawn.class), workflow::withdrawn);
    }

    @Incoming(NOTICES_ACKNOWLEDGED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void onNoticeAcknowledged(String payload) {
        inbox.process("review", EventCodec.read(payload, NoticeAcknowledged.class), workflow::noticeAcknowledged);
    }
}
