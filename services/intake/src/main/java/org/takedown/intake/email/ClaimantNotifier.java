package org.takedown.intake.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.IntakeConfig;
import org.takedown.intake.request.TakedownRequest;

/**
 * Tells the claimant by e-mail what happened to their request. The mail is queued in the caller's
 * transaction (sent only if the change commits) and carries the status link, never the access code.
 */
@ApplicationScoped
public class ClaimantNotifier {

    private final ClaimantMailRepository mails;
    private final PersonalDataCipher cipher;
    private final IntakeConfig intake;
    private final MailSender sender;

    ClaimantNotifier(ClaimantMailRepository mails, PersonalDataCipher cipher, IntakeConfig intake, MailSender sender) {
        this.sender = sender;
        this.mails = mails;
        this.cipher = cipher;
        this.intake = intake;
    }

    /** @param news what happened, in plain words; may contain a reviewer's message (it is sealed at rest) */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tell(TakedownRequest request, String subject, String news, Instant now) {
        if (request.personalDataErased() || request.emailSealed == null) {
            return;
        }
        String body = """
                Hello,

                %s

                See the details and what comes next on your status page (you need the access code from your receipt):
                %s/status/%s

                Request number: %s
                """.formatted(news.strip(), intake.publicUrl(), request.id, request.id);
        ClaimantMail mail = new ClaimantMail();
        mail.id = UUID.randomUUID();
        mail.requestId = request.id;
        mail.kind = ClaimantMail.Kind.STATUS_UPDATE;
        mail.subject = subject;
        mail.keyId = cipher.currentKeyId();
        mail.bodySealed = cipher.seal(body, request.id);
        mail.createdAt = now;
        mails.persist(mail);
        sender.wakeUpAfterCommit();
    }
}
