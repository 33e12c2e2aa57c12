package org.takedown.review.claimant;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Intake's internal API for what reviewers and claimants write to each other. Free text is personal
 * data: it stays in intake (encrypted) and never goes into Kafka; events only name the message or
 * reply by id. Called with the access token of the person at the console (or of the API caller).
 */
@RegisterRestClient(configKey = "intake")
@Path("/api/v1/internal/requests/{requestId}")
public interface IntakeMessagesClient {

    record MessageBody(String kind, String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageCreated(UUID messageId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reply(UUID replyId, String kind, String text, Instant receivedAt) {
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    MessageCreated send(@HeaderParam("Authorization") String authorization, @PathParam("requestId") UUID requestId,
            MessageBody message);

    @GET
    @Path("/replies/{replyId}")
    @Produces(MediaType.APPLICATION_JSON)
    Reply reply(@HeaderParam("Authorization") String authorization, @PathParam("requestId") UUID requestId,
            @PathParam("replyId") UUID replyId);
}
