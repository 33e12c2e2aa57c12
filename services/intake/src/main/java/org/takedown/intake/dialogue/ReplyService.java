package org.takedown.intake.dialogue;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.AppealFiled;
import org.takedown.events.InformationProvided;
import org.takedown.events.LegalClock;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.evidence.EvidenceAccessLog;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;
import org.takedown.messaging.Outbox;
import org.takedown.web.ProblemException;

/**
 * What the claimant writes back on the status page: the answer to a reviewer's question, or the
 * grounds of an appeal against a denial (once). The text stays sealed in intake; the event names it
 * by id, and reviewers read it through the internal API (every read logged).
 */
@ApplicationScoped
public class ReplyService {

    private static final Logger LOG = Logger.getLogger(ReplyService.class);
    public static final String INFORMATION_PROVIDED = "INFORMATION_PROVIDED";
    public static final String APPEAL_FILED = "APPEAL_FILED";

    public record Reply(UUID replyId, String kind, String text, Instant receivedAt) {
    }

    private final ClaimantAccess access;
    private final ClaimantReplyRepository replies;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final EvidenceAccessLog log;

    ReplyService(ClaimantAccess access, ClaimantReplyRepository replies, PersonalDataCipher cipher, Outbox outbox,
            EvidenceAccessLog log) {
        this.access = access;
        this.replies = replies;
        this.cipher = cipher;
        this.outbox = outbox;
        this.log = log;
    }

    /** Checks a claimant's text before anything is written: 1 to 5,000 characters, not only spaces. */
    public static String checkText(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField(field, "please write your answer");
        }
        if (text.length() > MessageService.MAX_TEXT) {
            throw ProblemException.invalidField(field, "at most " + MessageService.MAX_TEXT + " characters, please shorten it");
        }
        return text.strip();
    }

    /** The claimant answers a reviewer's question: back to review, with the answer as reply {@code replyId}. */
    @Transactional
    public UUID answer(String id, String token, Optional<InetAddress> client, String text) {
        String checked = checkText("text", text);
        TakedownRequest request = access.open(id, token, client);
        if (request.status != RequestStatus.NEEDS_INFORMATION
                || request.pendingQuestion != TakedownRequest.PendingQuestion.REVIEWER_QUESTION) {
            throw ProblemException.conflict("no-question", "There is no question from our team to answer on this request.");
        }
        Instant now = Instant.now();
        ClaimantReply reply = store(request, ClaimantReply.Kind.INFORMATION, checked, now);
        reopen(request, INFORMATION_PROVIDED, now);
        InformationProvided provided = InformationProvided.of(request.id, reply.id);
        request.changeClock(clock -> clock.resumedAt(provided.occurredAt())); // as review's case: from the answer
        outbox.publish(provided);
        LOG.infof("request %s: the claimant answered (reply %s)", request.id, reply.id);
        return reply.id;
    }

    /** A denied request may be appealed once; a different reviewer looks at it again. */
    @Transactional
    public UUID appeal(String id, String token, Optional<InetAddress> client, String grounds) {
        String checked = checkText("grounds", grounds);
        TakedownRequest request = access.open(id, token, client);
        if (replies.appealed(request.id)) {
            throw ProblemException.conflict("already-appealed", "You already appealed this decision; a request can be appealed once.");
        }
        if (request.status != RequestStatus.DENIED) {
            throw ProblemException.conflict("not-appealable", "Only a decision not to remove the items can be appealed.");
        }
        Instant now = Instant.now();
        ClaimantReply reply = store(request, ClaimantReply.Kind.APPEAL, checked, now);
        request.answerDueAt = null;
        reopen(request, APPEAL_FILED, now);
        AppealFiled appeal = AppealFiled.of(request.id, reply.id);
        request.changeClock(clock -> LegalClock.receivedAt(appeal.occurredAt())); // an appeal is a new month, as in review
        outbox.publish(appeal);
        LOG.infof("request %s: the claimant appealed (reply %s)", request.id, reply.id);
        return reply.id;
    }

    public boolean appealed(UUID requestId) {
        return replies.appealed(requestId);
    }

    /** For reviewers, admins and services; the read is logged in the same transaction. */
    @Transactional
    public Reply read(UUID requestId, UUID replyId, SecurityIdentity reader, String purpose) {
        ClaimantReply reply = replies.findByIdOptional(replyId).filter(found -> found.requestId.equals(requestId))
                .orElseThrow(() -> ProblemException.notFound("reply " + replyId + " of request " + requestId));
        log.recordReply(reader, requestId, replyId, purpose);
        return open(reply);
    }

    public Reply open(ClaimantReply reply) {
        return new Reply(reply.id, reply.kind.name(), cipher.open(reply.textSealed, reply.keyId, reply.requestId),
                reply.receivedAt);
    }

    public List<ClaimantReply> allOf(UUID requestId) {
        return replies.allOf(requestId);
    }

    private ClaimantReply store(TakedownRequest request, ClaimantReply.Kind kind, String text, Instant now) {
        ClaimantReply reply = new ClaimantReply();
        reply.id = UUID.randomUUID();
        reply.requestId = request.id;
        reply.kind = kind;
        reply.keyId = cipher.currentKeyId();
        reply.textSealed = cipher.seal(text, request.id);
        reply.receivedAt = now;
        replies.persist(reply);
        // The one-appeal index answers a race here, before the event is written.
        replies.flush();
        return reply;
    }

    private static void reopen(TakedownRequest request, String detail, Instant now) {
        request.moveTo(RequestStatus.IN_REVIEW, now);
        request.reopenedAt = now;
        request.pendingQuestion = null;
        request.timeline.add(StatusChange.of(request, RequestStatus.IN_REVIEW, detail, null, now));
    }
}
