package org.takedown.intake.api;

import jakarta.annotation.security.PermitAll;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.access.ClientAddress;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.verification.DomainProofLookup;
import org.takedown.intake.request.IntakeConfig;
import org.takedown.intake.request.SubmissionService;
import org.takedown.web.ProblemException;

@Path("/api/v1/requests")
@Tag(name = "Requests", description = "Takedown requests filed by claimants")
// Claimants are not Keycloak users: these endpoints are public, their own capability token guards each request.
@PermitAll
public class RequestResource {

    public static final String TOKEN_HEADER = "X-Claimant-Token";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final SubmissionService submissions;
    private final IntakeConfig config;
    private final ObjectMapper json;
    private final ImageCleaner cleaner;
    private final EvidenceConfig evidenceConfig;
    private final ClaimantTexts texts;
    private final ClaimantAccess access;
    private final DomainProofLookup domainProofs;

    @jakarta.ws.rs.core.Context
    io.vertx.core.http.HttpServerRequest httpRequest;

    RequestResource(SubmissionService submissions, IntakeConfig config,
            ObjectMapper json, ImageCleaner cleaner, EvidenceConfig evidenceConfig, ClaimantTexts texts, ClaimantAccess access,
            DomainProofLookup domainProofs) {
        this.domainProofs = domainProofs;
        this.texts = texts;
        this.access = access;
        this.cleaner = cleaner;
        this.evidenceConfig = evidenceConfig;
        this.submissions = submissions;
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
            + "in the X-Claimant-Token header. A wrong token gets the same 404 as an unknown id; after too many wrong "
            + "tokens for the request or from the client's address, 429 with Retry-After.")
    public RequestView status(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        RequestView view = RequestView.of(access.open(id, token, clientAddress()), texts);
        // A site opt-out waits for proof of control of its domains: say what to publish where.
        return view.targets().domains().isEmpty() ? view : view.withDomainProofs(domainProofs.forRequest(view.id()));
    }

    @POST
    @Path("/{id}/token/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the access token", description = "Needs the current token in the X-Claimant-Token "
            + "header. Answers with a new token, shown this once; the old one stops working at once. The timeline "
            + "records the rotation (never the token).")
    public TokenRotation rotateToken(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        ClaimantAccess.Rotated rotated = access.rotate(id, token, clientAddress());
        return new TokenRotation(rotated.id(), rotated.accessToken(),
                config.publicUrl() + "/api/v1/requests/" + rotated.id());
    }

    private java.util.Optional<java.net.InetAddress> clientAddress() {
        return ClientAddress.of(httpRequest);
    }
}
