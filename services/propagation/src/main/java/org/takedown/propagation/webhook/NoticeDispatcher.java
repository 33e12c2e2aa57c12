package org.takedown.propagation.webhook;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.PropagationService;
import org.takedown.propagation.outbound.OutboundConfig;

/**
 * Delivers due notices. The HTTP call happens outside any transaction: a notice is leased in one
 * transaction and its result recorded in another, so a slow vendor holds no database locks, and a
 * crash mid-call leaves the notice due again once the lease runs out. The signing secrets are read
 * at each attempt, so a rotation applies to retries too.
 */
@ApplicationScoped
public class NoticeDispatcher {

    private final PropagationService propagation;
    private final SigningSecrets secrets;
    private final WebhookClient client;
    private final Duration lease;

    NoticeDispatcher(PropagationService propagation, SigningSecrets secrets, WebhookClient client, OutboundConfig outbound) {
        this.propagation = propagation;
        this.secrets = secrets;
        this.client = client;
        this.lease = outbound.connectTimeout().plus(outbound.readTimeout()).multipliedBy(3);
    }

    @Scheduled(every = "${takedown.propagation.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatchDue() {
        List<Notice> due;
        do {
            due = propagation.leaseDue(lease);
            for (Notice notice : due) {
                DeliveryResult result = deliver(notice);
                propagation.record(notice.id, result);
            }
        } while (!due.isEmpty());
    }

    private DeliveryResult deliver(Notice notice) {
        List<String> current = secrets.current(notice.vendorId);
        if (current.isEmpty()) {
            return DeliveryResult.noAnswer("vendor " + notice.vendorId + " has no valid signing secret");
        }
        return client.post(notice.endpointUrl, notice.id.toString(), notice.payload, current);
    }
}
