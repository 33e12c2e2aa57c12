package org.takedown.review.claimant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.takedown.web.ProblemException;

/**
 * Messages to the claimant and their replies, kept by intake. A message is stored in intake before the
 * case changes (its id goes into the event); if intake cannot take it, the action is refused and the
 * case stays as it was.
 */
@ApplicationScoped
public class ClaimantMessages {

    private static final Logger LOG = Logger.getLogger(ClaimantMessages.class);

    /** Intake's limit for one message. */
    public static final int MAX_TEXT = 5000;

    private final IntakeMessagesClient intake;
    private final SecurityIdentity identity;

    ClaimantMessages(@RestClient IntakeMessagesClient intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    /** The text to send, or null when there is none; too long: refused, naming {@code field}. */
    public static String checkedText(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_TEXT) {
            throw ProblemException.invalidField(field, "at most " + MAX_TEXT + " characters");
        }
        return stripped;
    }

    /** Stores the message in intake as the caller; null text: nothing is sent and the id is null. */
    public UUID send(UUID requestId, MessageKind kind, String text) {
        if (text == null) {
            return null;
        }
        try {
            UUID id = intake.send(bearer(), requestId, new IntakeMessagesClient.MessageBody(kind.name(), text)).messageId();
            if (id == null) {
                throw new IllegalStateException("intake answered without a message id");
            }
            return id;
        } catch (WebApplicationException e) {
            LOG.warnf("message %s for request %s: intake answered %d", kind, requestId, e.getResponse().getStatus());
            throw unavailable();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("message %s for request %s: intake not reachable (%s)", kind, requestId, e.getClass().getSimpleName());
            throw unavailable();
        }
    }

    /** The reply, or empty when intake does not answer (the page then says so); 404: empty too. */
    public Optional<IntakeMessagesClient.Reply> reply(UUID requestId, UUID replyId) {
        try {
            return Optional.ofNullable(intake.reply(bearer(), requestId, replyId));
        } catch (WebApplicationException e) {
            LOG.warnf("reply %s of request %s: intake answered %d", replyId, requestId, e.getResponse().getStatus());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("reply %s of request %s: intake not reachable (%s)", replyId, requestId, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "intake-unavailable", "The message could not be stored",
                "Intake did not take the message to the claimant; nothing was changed. Try again in a moment.", List.of());
    }

    private String bearer() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new IllegalStateException("no access token of the caller to ask intake with");
        }
        return "Bearer " + token.getToken();
    }
}
