package org.takedown.intake.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.IntakeConfig;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.TextBundle;

/**
 * Sends queued claimant mails over SMTP. A mail is sent as soon as the transaction that queued it
 * commits (the claimant is waiting for the confirmation link), batch after batch while there are more;
 * the scheduled run is the safety net for wake-ups that were lost (a restart, the SMTP relay away). A
 * mail that fails stays queued and is tried again on the next run; logs name the request and the
 * mail, never the address.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private final ClaimantMailRepository mails;
    private final TakedownRequestRepository requests;
    private final PersonalDataCipher cipher;
    private final Mailer mailer;
    private final EmailConfig config;
    private final IntakeConfig intake;
    private final TransactionSynchronizationRegistry transactions;
    private final ClaimantTexts texts;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "claimant-mail-sender");
        thread.setDaemon(true);
        return thread;
    });

    MailSender(ClaimantMailRepository mails, TakedownRequestRepository requests, PersonalDataCipher cipher, Mailer mailer,
            EmailConfig config, IntakeConfig intake, TransactionSynchronizationRegistry transactions, ClaimantTexts texts) {
        this.texts = texts;
        this.transactions = transactions;
        this.mails = mails;
        this.requests = requests;
        this.cipher = cipher;
        this.mailer = mailer;
        this.config = config;
        this.intake = intake;
    }

    /** Registers a wake-up for when the caller's transaction commits (its mail is then visible). */
    public void wakeUpAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUp();
                }
            }
        });
    }

    /** Asks for a sending round soon; calls while one is pending collapse into it. */
    void wakeUp() {
        if (requested.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                requested.set(false);
            }
        }
    }

    @Scheduled(every = "${takedown.intake.email.send-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wakeUp();
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }

    private void drain() {
        requested.set(false);
        try {
            // A full batch means more may be waiting: go on at once rather than at the next tick.
            while (sendQueued() == config.batchSize()) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            LOG.warnf("sending queued mails failed, retried on the next run: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends one batch; returns how many mails it held. */
    int sendQueued() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ClaimantMail> batch = mails.lockUnsent(config.batchSize(), config.maxAttempts());
            if (batch.isEmpty()) {
                return 0;
            }
            // The requests of the whole batch in one query, not one per mail.
            java.util.Map<java.util.UUID, TakedownRequest> byId = requests
                    .list("id in ?1", batch.stream().map(mail -> mail.requestId).distinct().toList()).stream()
                    .collect(java.util.stream.Collectors.toMap(request -> request.id, request -> request));
            batch.forEach(mail -> send(mail, byId.get(mail.requestId)));
            return batch.size();
        });
    }

    private void send(ClaimantMail mail, TakedownRequest request) {
        if (request.emailSealed == null || (mail.kind == ClaimantMail.Kind.STATUS_UPDATE && mail.bodySealed == null)) {
            // Retention erased the address or the text: there is nothing left to send, and no one to send it to.
            mail.attempts = config.maxAttempts();
            LOG.infof("request %s: mail %s dropped, its personal data was erased", request.id, mail.id);
            return;
        }
        try {
            String to = cipher.open(request.emailSealed, request.keyId, request.id);
            if (mail.kind == ClaimantMail.Kind.STATUS_UPDATE) {
                mailer.send(Mail.withText(to, mail.subject, cipher.open(mail.bodySealed, mail.keyId, request.id)));
            } else {
                String code = cipher.open(mail.codeSealed, mail.keyId, request.id);
                TextBundle words = texts.of(request);
                mailer.send(Mail.withText(to, words.text("mail.confirm.subject"), confirmationText(words, request, code)));
            }
            mail.sentAt = Instant.now();
            // The code is needed only for this mail; from now on only its hash remains.
            mail.codeSealed = null;
            LOG.infof("request %s: mail %s (%s) sent", request.id, mail.id, mail.kind);
        } catch (RuntimeException failed) {
            mail.attempts++;
            LOG.warnf("request %s: mail %s not sent (attempt %d): %s", request.id, mail.id, mail.attempts,
                    failed.getClass().getSimpleName());
        }
    }

    /** In the claimant's language; the link opens the confirmation page in it too. */
    private String confirmationText(TextBundle words, TakedownRequest request, String code) {
        String link = intake.publicUrl() + "/confirm/" + request.id + "?code=" + code + "&lang=" + words.tag();
        long hours = config.confirmationValidity().toHours();
        return String.join("\n", words.text("mail.hello"), "", words.text("mail.confirm.ask", hours), "", link, "",
                words.text("mail.confirm.ignore"), "", words.text("mail.requestNumber", request.id), "");
    }
}
