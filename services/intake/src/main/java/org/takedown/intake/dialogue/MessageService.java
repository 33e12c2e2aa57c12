package org.takedown.intake.dialogue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.web.ProblemException;

/**
 * The words reviewers and admins write to a claimant. Stored sealed before review publishes the event
 * that names them; shown on the status page and in the e-mail once that event arrives.
 */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class);
    public static final int MAX_TEXT = 5_000;

    private final RequestMessageRepository messages;
    private final TakedownRequestRepository requests;
    private final PersonalDataCipher cipher;

    MessageService(RequestMessageRepository messages, TakedownRequestRepository requests, PersonalDataCipher cipher) {
        this.messages = messages;
        this.requests = requests;
        this.cipher = cipher;
    }

    @Transactional
    public UUID store(UUID requestId, RequestMessage.Kind kind, String text, String author) {
        TakedownRequest request = requests.findByIdOptional(requestId)
                .orElseThrow(() -> ProblemException.notFound("request " + requestId));
        if (request.personalDataErased()) {
            throw new ProblemException(410, "personal-data-erased", "Personal data erased",
                    "The personal data of this request was erased after its retention period; no message can be added.",
                    java.util.List.of());
        }
        RequestMessage message = new RequestMessage();
        message.id = UUID.randomUUID();
        message.requestId = requestId;
        message.kind = kind;
        message.author = author;
        message.keyId = cipher.currentKeyId();
        message.textSealed = cipher.seal(text, requestId);
        message.createdAt = Instant.now();
        messages.persist(message);
        LOG.infof("request %s: message %s (%s) stored", requestId, message.id, kind);
        return message.id;
    }

    /** The text of the message the event named, if it belongs to the request and is still held. */
    public Optional<String> text(UUID requestId, UUID messageId) {
        return messages.ofRequest(requestId, messageId).map(this::open);
    }

    /** The newest message of this kind, e.g. the reasons of a denial (ReviewDecided names no message). */
    public Optional<String> latestText(UUID requestId, RequestMessage.Kind kind) {
        return messages.latest(requestId, kind).map(this::open);
    }

    public String open(RequestMessage message) {
        return cipher.open(message.textSealed, message.keyId, message.requestId);
    }
}
