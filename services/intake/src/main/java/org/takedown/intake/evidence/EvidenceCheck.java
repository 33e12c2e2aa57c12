package org.takedown.intake.evidence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jboss.logging.Logger;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.email.ClaimantNotifier;
import org.takedown.intake.request.SubmissionService;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;

/**
 * Proves, off the request path, that every stored evidence image decodes: the request only checked its
 * structure (a full decode costs ~10 ms of CPU per megapixel, too much for the submission itself).
 *
 * <p>Work is claimed from PostgreSQL ({@code check_status = 'PENDING'}, {@code FOR UPDATE SKIP LOCKED}),
 * so several replicas share it and nothing accepted is lost across restarts: a batch that fails or dies
 * with its replica is rolled back and claimed again. It runs shortly after each submission commits and
 * every {@code takedown.intake.evidence.check-interval} as a safety net.
 *
 * <p>When the last image of a request is checked: if all decoded, a request waiting in SUBMITTED gets its
 * {@code requests.submitted} (same transaction, through the outbox); if one did not, the request is
 * {@code REJECTED} with reason {@value #UNDECODABLE_IMAGE} before anything was published, and the claimant
 * reads why on the status page (and by e-mail once the address is confirmed).
 */
@ApplicationScoped
public class EvidenceCheck {

    private static final Logger LOG = Logger.getLogger(EvidenceCheck.class);
    public static final String UNDECODABLE_IMAGE = "UNDECODABLE_IMAGE";
    private static final int BATCH = 8;

    /** A submission with images committed: check soon rather than at the next tick. */
    public record Submitted(UUID requestId) {
    }

    private final EntityManager entityManager;
    private final EvidenceImageRepository images;
    private final TakedownRequestRepository requests;
    private final PersonalDataCipher cipher;
    private final SubmissionService submissions;
    private final ClaimantNotifier notifier;
    private final ClaimantTexts texts;
    private final EvidenceConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "evidence-check");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set by the periodic tick: look for requests left waiting (see {@link #releaseChecked()}). */
    private final AtomicBoolean sweep = new AtomicBoolean(true);

    EvidenceCheck(EntityManager entityManager, EvidenceImageRepository images, TakedownRequestRepository requests,
            PersonalDataCipher cipher, SubmissionService submissions, ClaimantNotifier notifier, ClaimantTexts texts,
            EvidenceConfig config) {
        this.entityManager = entityManager;
        this.images = images;
        this.requests = requests;
        this.cipher = cipher;
        this.submissions = submissions;
        this.notifier = notifier;
        this.texts = texts;
        this.config = config;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Submitted submitted) {
        wakeUp();
    }

    @Scheduled(every = "${takedown.intake.evidence.check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        sweep.set(true);
        wakeUp();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        worker.shutdownNow();
    }

    /** One drain at a time on the worker thread; a wake-up while it runs makes it go round once more. */
    private void wakeUp() {
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                running.set(false);
            }
        }
    }

    private void drain() {
        try {
            while (wanted.getAndSet(false)) {
                while (checkBatch() == BATCH) {
                    // more may be waiting
                }
                if (sweep.getAndSet(false)) {
                    releaseChecked();
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("evidence check failed, retried at the next tick: %s", e.toString());
        } finally {
            running.set(false);
            if (wanted.get()) {
                wakeUp();
            }
        }
    }

    /**
     * Claims, decodes and records one batch in one transaction. Plain SQL rather than entities: loading
     * the sealed images as entities would make Hibernate keep and compare a copy of every byte array.
     *
     * @return how many images it checked
     */
    @SuppressWarnings("unchecked")
    public int checkBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> batch = entityManager.createNativeQuery("""
                    SELECT id, request_id, position, stored_type, key_id, png_sealed FROM evidence_image
                    WHERE check_status = 'PENDING' ORDER BY created_at LIMIT :n FOR UPDATE SKIP LOCKED""")
                    .setParameter("n", BATCH).getResultList();
            Instant now = Instant.now();
            Set<UUID> touched = new LinkedHashSet<>();
            for (Object[] row : batch) {
                UUID id = (UUID) row[0];
                UUID requestId = (UUID) row[1];
                ImageType type = ImageType.valueOf((String) row[3]);
                boolean decodes = decodes(cipher.openBytes((byte[]) row[5], (String) row[4], requestId), type);
                if (!decodes) {
                    LOG.infof("request %s: evidence image %s does not decode as %s", requestId, row[2], type);
                }
                entityManager.createNativeQuery("UPDATE evidence_image SET check_status = :status, checked_at = :now"
                        + " WHERE id = :id")
                        .setParameter("status", (decodes ? EvidenceImage.CheckStatus.DECODED
                                : EvidenceImage.CheckStatus.UNDECODABLE).name())
                        .setParameter("now", java.sql.Timestamp.from(now)).setParameter("id", id).executeUpdate();
                touched.add(requestId);
            }
            for (UUID requestId : touched) {
                settle(requestId, now);
            }
            return batch.size();
        });
    }

    /**
     * Requests still waiting although none of their images is: a confirmation that raced with the check
     * of the request's last image. @return how many were settled
     */
    @SuppressWarnings("unchecked")
    public int releaseChecked() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> waiting = entityManager.createNativeQuery("""
                    SELECT r.id FROM takedown_request r WHERE r.release_pending AND NOT EXISTS
                      (SELECT 1 FROM evidence_image i WHERE i.request_id = r.id AND i.check_status = 'PENDING')
                    LIMIT 100 FOR UPDATE SKIP LOCKED""", UUID.class).getResultList();
            Instant now = Instant.now();
            waiting.forEach(id -> settle(id, now));
            return waiting.size();
        });
    }

    private void settle(UUID requestId, Instant now) {
        EvidenceImageRepository.Tally tally = images.tally(requestId);
        if (tally.pending() > 0) {
            return;
        }
        TakedownRequest request = requests.findById(requestId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            return;
        }
        if (tally.undecodable() == 0) {
            submissions.releaseChecked(request, (int) tally.total(), now);
            return;
        }
        boolean unpublished = request.status == RequestStatus.AWAITING_CONFIRMATION
                || (request.status == RequestStatus.SUBMITTED && request.releasePending);
        if (!unpublished) {
            return;
        }
        boolean confirmed = request.status != RequestStatus.AWAITING_CONFIRMATION;
        request.releasePending = false;
        request.moveTo(RequestStatus.REJECTED, now);
        request.pendingQuestion = null;
        request.timeline.add(StatusChange.of(request, RequestStatus.REJECTED, UNDECODABLE_IMAGE, null, now));
        if (confirmed) {
            // An address not yet confirmed gets no mail but its confirmation: the status page says why.
            var words = texts.of(request);
            notifier.tell(request, words.text("mail.subject.status", words.text("label.REJECTED")),
                    words.explain(RequestStatus.REJECTED, UNDECODABLE_IMAGE), now);
        }
        LOG.infof("request %s: rejected, an evidence image does not decode", request.id);
    }

    /** A full decode of the stored image, held to the pixel limit; any failure means it does not decode. */
    boolean decodes(byte[] bytes, ImageType type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.readerFormat());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            if ((long) reader.getWidth(0) * reader.getHeight(0) > config.maxPixels()) {
                return false;
            }
            BufferedImage image = reader.read(0);
            return image != null && image.getWidth() > 0 && image.getHeight() > 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            reader.dispose();
        }
    }
}
