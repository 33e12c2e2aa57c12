package org.takedown.intake.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.takedown.intake.evidence.CleanImage;
import org.takedown.intake.evidence.EvidenceConfig;
import org.takedown.intake.evidence.ImageCleaner;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.request.AccessTokens;
import org.takedown.intake.status.ClaimantTexts;
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
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final SubmissionService submissions;
    private final TakedownRequestRepository requests;
    private final IntakeConfig config;
    private final ObjectMapper json;
    private final ImageCleaner cleaner;
    private final EvidenceConfig evidenceConfig;
    private final ClaimantTexts texts;

    @jakarta.ws.rs.core.Context
    io.vertx.core.http.HttpServerRequest httpRequest;

    RequestResource(SubmissionService submissions, TakedownRequestRepository requests, IntakeConfig config,
            ObjectMapper json, ImageCleaner cleaner, EvidenceConfig evidenceConfig, ClaimantTexts texts) {
        this.texts = texts;
        this.cleaner = cleaner;
        this.evidenceConfig = evidenceConfig;
        this.submissions = submissions;
        this.requests = requests;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a takedown request", description = "Answers 201 with the request id and a secret access "
            + "token that is shown only once; keep it to follow the request. With an Idempotency-Key header, a retry "
            + "answers 200 with the same id (and no token); the same key with a different body gets 422.")
    public Response submit(@NotNull(message = "a JSON body is required") @Valid RequestSubmission submission,
            @HeaderParam(IDEMPOTENCY_HEADER) @Size(max = 255) @Pattern(regexp = "[\\x21-\\x7E]+",
                    message = "must be printable ASCII without spaces") String idempotencyKey) {
        return accept(submission, List.of(), idempotencyKey);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a takedown request with evidence images", description = "Part \"request\": the same JSON "
            + "as the JSON variant; parts \"images\": JPEG, PNG or WebP files (recognised by their content, not their "
            + "names). Images are re-encoded without metadata and stored encrypted.")
    public Response submitWithImages(
            @RestForm("request") @PartType(MediaType.APPLICATION_JSON) @NotNull(message = "a part \"request\" with the "
                    + "request JSON is required") @Valid RequestSubmission submission,
            @RestForm("images") List<FileUpload> images,
            @HeaderParam(IDEMPOTENCY_HEADER) @Size(max = 255) @Pattern(regexp = "[\\x21-\\x7E]+",
                    message = "must be printable ASCII without spaces") String idempotencyKey) {
        List<FileUpload> uploads = images == null ? List.of() : images;
        if (uploads.size() > evidenceConfig.maxImages()) {
            throw ProblemException.invalidField("images", "at most " + evidenceConfig.maxImages() + " images per request");
        }
        // Everything is checked before anything is written: a bad image leaves no request behind.
        List<CleanImage> clean = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            FileUpload upload = uploads.get(i);
            clean.add(cleaner.clean(read(upload), "images[" + i + "]", upload.fileName(), upload.contentType()));
        }
        return accept(submission, clean, idempotencyKey);
    }

    private Response accept(RequestSubmission submission, List<CleanImage> images, String idempotencyKey) {
        byte[] fingerprint = fingerprint(submission, images);
        SubmissionService.Accepted accepted;
        try {
            accepted = submissions.submit(submission, images, idempotencyKey, fingerprint, clientAddress());
        } catch (PersistenceException raced) {
            // Two first calls with the same key at once: the loser answers like a retry.
            accepted = submissions.replay(idempotencyKey, fingerprint).orElseThrow(() -> raced);
        }
        URI statusUrl = URI.create(config.publicUrl() + "/api/v1/requests/" + accepted.id());
        SubmissionReceipt receipt = new SubmissionReceipt(accepted.id(), accepted.status().name(), accepted.accessToken(),
                statusUrl.toString());
        return accepted.replayed()
                ? Response.ok(receipt).location(statusUrl).header("Idempotent-Replayed", "true").build()
                : Response.created(statusUrl).entity(receipt).build();
    }

    /**
     * The client's address; behind a proxy, set {@code quarkus.http.proxy.proxy-address-forwarding}
     * so that this is the claimant's, not the proxy's.
     */
    private java.util.Optional<java.net.InetAddress> clientAddress() {
        io.vertx.core.net.SocketAddress remote = httpRequest.remoteAddress();
        String host = remote == null ? null : remote.host();
        // Literal addresses only: getByName must never turn into a DNS lookup of a forwarded header.
        if (host == null || !host.matches("[0-9A-Fa-f:.]+")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.net.InetAddress.getByName(host));
        } catch (java.net.UnknownHostException notAnAddress) {
            return java.util.Optional.empty();
        }
    }

    private byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read an uploaded file", e);
        }
    }

    private byte[] fingerprint(RequestSubmission submission, List<CleanImage> images) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(json.writeValueAsBytes(submission));
            images.forEach(image -> digest.update(image.sha256()));
            return digest.digest();
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a submission", e);
        }
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
        String latestDetail = request.timeline.stream().filter(c -> c.status == request.status).reduce((a, b) -> b)
                .map(c -> c.detail).orElse(null);
        return new RequestView(request.id, request.claimType.name(), request.status.name(),
                texts.explain(request.status, latestDetail), request.createdAt,
                request.updatedAt,
                new RequestView.Targets(request.targetValues(RequestTarget.Kind.IMAGE_URL),
                        request.targetValues(RequestTarget.Kind.DOMAIN), request.targetCount(RequestTarget.Kind.TEXT_QUERY)),
                request.timeline.stream()
                        .map(c -> new RequestView.TimelineEntry(c.status.name(), c.occurredAt, c.detail,
                                texts.explain(c.status, c.detail)))
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
