package org.takedown.intake.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.AccessTokens;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.StatusChange;

/**
 * Confirmation of the claimant's e-mail address: a mail with a link that works for
 * {@link EmailConfig#confirmationValidity()} (72 h by default). Opening it records the confirmation
 * on the request and in its timeline.
 */
@ApplicationScoped
public class EmailConfirmation {

    private static final Logger LOG = Logger.getLogger(EmailConfirmation.class);
    public static final String EMAIL_CONFIRMED = "EMAIL_CONFIRMED";

    public enum Outcome {
        CONFIRMED, ALREADY_CONFIRMED, EXPIRED, UNKNOWN
    }

    private final ClaimantMailRepository mails;
    private final TakedownRequestRepository requests;
    private final PersonalDataCipher cipher;
    private final EmailConfig config;
    private final jakarta.enterprise.event.Event<Confirmed> released;
    private final MailSender sender;

    /** The address of {@code request} was confirmed just now; observers act in the same transaction. */
    public record Confirmed(TakedownRequest request, Instant at) {
    }

    EmailConfirmation(ClaimantMailRepository mails, TakedownRequestRepository requests, PersonalDataCipher cipher,
            EmailConfig config, jakarta.enterprise.event.Event<Confirmed> released, MailSender sender) {
        this.released = released;
        this.sender = sender;
        this.mails = mails;
        this.requests = requests;
        this.cipher = cipher;
        this.config = config;
    }

    /** Queues the confirmation mail in the caller's transaction: it is sent only if the request is stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(TakedownRequest request, Instant now) {
        String code = AccessTokens.newToken();
        ClaimantMail mail = new ClaimantMail();
        mail.id = UUID.randomUUID();
        mail.requestId = request.id;
        mail.kind = ClaimantMail.Kind.CONFIRM_ADDRESS;
        mail.confirmationHash = AccessTokens.hash(code);
        mail.keyId = cipher.currentKeyId();
        mail.codeSealed = cipher.seal(code, request.id);
        mail.expiresAt = now.plus(config.confirmationValidity());
        mail.createdAt = now;
        mails.persist(mail);
        sender.wakeUpAfterCommit();
    }

    @Transactional
    public Outcome confirm(String id, String code) {
        Optional<UUID> requestId = parse(id);
        TakedownRequest request = requestId.map(requests::findById).orElse(null);
        if (request == null || code == null) {
            return Outcome.UNKNOWN;
        }
        byte[] presented = AccessTokens.hash(code);
        ClaimantMail mail = mails.confirmationsOf(request.id).stream()
                .filter(m -> MessageDigest.isEqual(presented, m.confirmationHash)).findFirst().orElse(null);
        if (mail == null) {
            return Outcome.UNKNOWN;
        }
        if (request.emailConfirmedAt != null) {
            return Outcome.ALREADY_CONFIRMED;
        }
        Instant now = Instant.now();
        if (now.isAfter(mail.expiresAt)) {
            return Outcome.EXPIRED;
        }
        request.emailConfirmedAt = now;
        request.timeline.add(StatusChange.note(request, EMAIL_CONFIRMED, now));
        request.updatedAt = now;
        // A request that waited for this confirmation goes to processing now, in this transaction.
        released.fire(new Confirmed(request, now));
        LOG.infof("request %s: e-mail address confirmed", request.id);
        return Outcome.CONFIRMED;
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
