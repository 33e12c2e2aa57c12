package org.takedown.intake.api;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.request.AccessTokens;
import org.takedown.intake.request.IntakeConfig;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.request.SubmissionService;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.web.ProblemException;

@Path("/api/v1/requests")
@Tag(name = "Requests", description = "Takedown requests filed by claimants")
public class RequestResource {

    public static final String TOKEN_HEADER = "X-Claimant-Token";

    private final SubmissionService submissions;
    private final TakedownRequestRepository requests;
    private final IntakeConfig config;

    RequestResource(SubmissionService submissions, TakedownRequestRepository requests, IntakeConfig config) {
        this.submissions = submissions;
        this.requests = requests;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a takedown request", description = "Answers with the request id and a secret access "
            + "token that is shown only once; keep it to follow the request.")
    public Response submit(@NotNull(message = "a JSON body is required") @Valid RequestSubmission submission) {
        SubmissionService.Accepted accepted = submissions.submit(submission);
        URI statusUrl = URI.create(config.publicUrl() + "/api/v1/requests/" + accepted.id());
        return Response.created(statusUrl)
                .entity(new SubmissionReceipt(accepted.id(), accepted.status().name(), accepted.accessToken(),
                        statusUrl.toString()))
                .build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Status and timeline of one request", description = "Needs the access token from the receipt "
            + "in the X-Claimant-Token header. A wrong token gets the same 404 as an unknown id.")
    public RequestView status(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        TakedownRequest request = parseId(id).map(requests::findById).orElse(null);
        // Same answer for "no such request" and "not your token": ids cannot be probed.
        if (request == null || !AccessTokens.matches(token, request.accessTokenHash)) {
            throw ProblemException.notFound("request " + id);
        }
        return new RequestView(request.id, request.claimType.name(), request.status.name(), request.createdAt,
                request.updatedAt,
                new RequestView.Targets(request.targetValues(RequestTarget.Kind.IMAGE_URL),
                        request.targetValues(RequestTarget.Kind.DOMAIN), request.targetCount(RequestTarget.Kind.TEXT_QUERY)),
                request.timeline.stream()
                        .map(c -> new RequestView.TimelineEntry(c.status.name(), c.occurredAt, c.detail))
                        .toList());
    }

    private static java.util.Optional<UUID> parseId(String id) {
        try {
            return java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
