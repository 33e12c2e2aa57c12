package org.takedown.propagation.webhook;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.PropagationService;

/**
 * Delivers due notices. The HTTP call happens outside any transaction: a notice is leased in one
 * transaction and its result recorded in another, so a slow vendor holds no database locks, and a
 * crash mid-call leaves the notice due again once the lease runs out.
 */
@ApplicationScoped
public class NoticeDispatcher {

    private final PropagationService propagation;
    private final WebhookClient client;
    private final Duration lease;

    NoticeDispatcher(PropagationService propagation, WebhookClient client,
            org.takedown.propagation.notice.PropagationConfig config) {
        this.propagation = propagation;
        this.client = client;
        this.lease = config.deliveryTimeout().multipliedBy(3);
    }

    @Scheduled(every = "${takedown.propagation.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatchDue() {
        List<Notice> due;
        do {
            due = propagation.leaseDue(lease);
            for (Notice notice : due) {
                String failure = client.post(notice.endpointUrl, notice.id.toString(), notice.payload);
                if (failure == null) {
                    propagation.delivered(notice.id);
                } else {
                    propagation.failed(notice.id, failure);
                }
            }
        } while (!due.isEmpty());
    }
}
