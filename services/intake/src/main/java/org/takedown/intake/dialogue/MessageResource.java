package org.takedown.intake.dialogue;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * Reviewers and admins write to the claimant here (with their own token, passed on by the review
 * console) before review publishes the event that names the message: a question, the reasons of a
 * denial, of a longer deadline, of a reversal or of an appeal decision. The text never goes to Kafka.
 */
@Path("/api/v1/internal/requests/{requestId}/messages")
@Tag(name = "Claimant dialogue (internal)", description = "Messages to claimants and their replies; reads are logged")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
public class MessageResource {

    public record MessageSubmission(
            @NotNull(message = "say what kind of message this is")
            @Pattern(regexp = "INFORMATION_REQUEST|DENIAL|DEADLINE_EXTENSION|REVERSAL|APPEAL_DECISION",
                    message = "must be INFORMATION_REQUEST, DENIAL, DEADLINE_EXTENSION, REVERSAL or APPEAL_DECISION")
            String kind,
            @NotBlank(message = "must not be empty") @Size(max = MessageService.MAX_TEXT, message = "at most 5000 characters")
            String text) {
    }

    public record MessageStored(UUID messageId) {
    }

    private final MessageService messages;
    private final SecurityIdentity identity;

    MessageResource(MessageService messages, SecurityIdentity identity) {
        this.messages = messages;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a message for the claimant (shown when the event naming its messageId arrives)")
    public Response store(@PathParam("requestId") String requestId,
            @NotNull(message = "a JSON body is required") @Valid MessageSubmission submission) {
        UUID id = parse("requestId", requestId);
        UUID messageId = messages.store(id, RequestMessage.Kind.valueOf(submission.kind()), submission.text().strip(),
                identity.getPrincipal().getName());
        return Response.status(201).entity(new MessageStored(messageId)).build();
    }

    static UUID parse(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be an id (UUID)");
        }
    }
}
