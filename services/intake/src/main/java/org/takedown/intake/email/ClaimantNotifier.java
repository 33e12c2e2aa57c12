package org.takedown.intake.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.IntakeConfig;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.TextBundle;

/**
 * Tells the claimant by e-mail what happened to their request. The mail is queued in the caller's
 * transaction (sent only if the change commits) and carries the status link, never the access code. It is
 * written in the language the claimant filed in ({@link #textsFor(TakedownRequest)}).
 */
@ApplicationScoped
public class ClaimantNotifier {

    private final ClaimantMailRepository mails;
    private final PersonalDataCipher cipher;
    private final IntakeConfig intake;
    private final MailSender sender;
    private final ClaimantTexts texts;

    ClaimantNotifier(ClaimantMailRepository mails, PersonalDataCipher cipher, IntakeConfig intake, MailSender sender,
            ClaimantTexts texts) {
        this.texts = texts;
        this.sender = sender;
        this.mails = mails;
        this.cipher = cipher;
        this.intake = intake;
    }

    /** The texts to write the subject and news of a mail about {@code request} in. */
    public TextBundle textsFor(TakedownRequest request) {
        return texts.of(request);
    }

    /**
     * @param subject in the claimant's language ({@link #textsFor(TakedownRequest)})
     * @param news what happened, in plain words and the claimant's language; may contain a reviewer's message (it is
     *        sealed at rest)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tell(TakedownRequest request, String subject, String news, Instant now) {
        if (request.personalDataErased() || request.emailSealed == null) {
            return;
        }
        TextBundle words = texts.of(request);
        String body = String.join("\n", words.text("mail.hello"), "", news.strip(), "", words.text("mail.statusPage"),
                intake.publicUrl() + "/status/" + request.id, "", words.text("mail.requestNumber", request.id), "");
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
