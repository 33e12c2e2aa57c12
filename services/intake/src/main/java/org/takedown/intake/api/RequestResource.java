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
    private final org.takedown.intake.withdrawal.WithdrawalService withdrawals;
    private final org.takedown.intake.dialogue.ReplyService replies;
    private final org.takedown.intake.export.ClaimantExport exports;
    private final org.takedown.intake.dialogue.ClaimantMessages claimantMessages;
    private final org.takedown.intake.email.EmailConfirmation confirmations;

    @jakarta.ws.rs.core.Context
    io.vertx.core.http.HttpServerRequest httpRequest;

    RequestResource(SubmissionService submissions, IntakeConfig config,
            ObjectMapper json, ImageCleaner cleaner, EvidenceConfig evidenceConfig, ClaimantTexts texts, ClaimantAccess access,
            DomainProofLookup domainProofs, org.takedown.intake.withdrawal.WithdrawalService withdrawals,
            org.takedown.intake.dialogue.ReplyService replies, org.takedown.intake.export.ClaimantExport exports,
            org.takedown.intake.dialogue.ClaimantMessages claimantMessages,
            org.takedown.intake.email.EmailConfirmation confirmations) {
        this.confirmations = confirmations;
        this.claimantMessages = claimantMessages;
        this.withdrawals = withdrawals;
        this.replies = replies;
        this.exports = exports;
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
            + "names). Images are checked without decoding, kept in their format without metadata (EXIF, XMP, "
            + "comments) and stored encrypted; a request whose image turns out not to decode becomes REJECTED "
            + "(reason UNDECODABLE_IMAGE).")
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
            accepted = submissions.submit(submission, images, idempotencyKey, fingerprint, clientAddress(), language());
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
        org.takedown.intake.request.TakedownRequest request = access.open(id, token, clientAddress());
        RequestView view = RequestView.of(request, texts.in(language())).withMessage(claimantMessages.current(request).orElse(null));
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

    public record Appeal(String grounds) {
    }

    public record Answer(String text) {
    }

    public record ReplyReceipt(java.util.UUID replyId, String status) {
    }

    /** The code from the confirmation e-mail, for clients that confirm through the API. */
    public record Confirmation(String code) {
    }

    public record Confirmed(String outcome) {
    }

    @POST
    @Path("/{id}/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the claimant's e-mail address", description = "{\"code\"} from the confirmation e-mail "
            + "(the same code as its link). A request waits in AWAITING_CONFIRMATION until then and is processed "
            + "afterwards. 200 CONFIRMED or ALREADY_CONFIRMED; 404 for an unknown request or code; 410 once the link "
            + "expired (the request is purged).")
    public Confirmed confirm(@PathParam("id") String id, Confirmation confirmation) {
        var outcome = confirmations.confirm(id, confirmation == null ? null : confirmation.code());
        return switch (outcome) {
            case CONFIRMED, ALREADY_CONFIRMED -> new Confirmed(outcome.name());
            case EXPIRED -> throw new ProblemException(410, "confirmation-expired", "The confirmation link expired",
                    "This confirmation code is no longer valid; please file the request again.", java.util.List.of());
            case UNKNOWN -> throw new ProblemException(404, "not-found", "Not found",
                    "No request with this id and confirmation code.", java.util.List.of());
        };
    }

    @POST
    @Path("/{id}/withdrawal")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Withdraw the request", description = "Needs the X-Claimant-Token. WITHDRAWN is final: review "
            + "closes the case, propagation sends no notice (and a reversal for notices already sent). Withdrawing "
            + "again answers 200 with alreadyWithdrawn true and changes nothing; a rejected or reversed request is "
            + "closed already (409).")
    public org.takedown.intake.withdrawal.WithdrawalService.Withdrawn withdraw(@PathParam("id") String id,
            @HeaderParam(TOKEN_HEADER) String token) {
        return withdrawals.withdraw(id, token, clientAddress());
    }

    @POST
    @Path("/{id}/information")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer a reviewer's question", description = "Needs the X-Claimant-Token; {\"text\"} of 1 to "
            + "5,000 characters, stored encrypted. Only while the status is NEEDS_INFORMATION because a reviewer asked "
            + "(else 409). The request goes back to review (IN_REVIEW).")
    public Response answer(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token, Answer answer) {
        java.util.UUID replyId = replies.answer(id, token, clientAddress(), answer == null ? null : answer.text());
        return Response.status(201).entity(new ReplyReceipt(replyId, "IN_REVIEW")).build();
    }

    @POST
    @Path("/{id}/appeal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Appeal a denial (once)", description = "Needs the X-Claimant-Token; {\"grounds\"} of 1 to "
            + "5,000 characters, stored encrypted. Only when the status is DENIED; a second appeal gets 409. A "
            + "different reviewer looks at the request again (IN_REVIEW).")
    public Response appeal(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token, Appeal appeal) {
        java.util.UUID replyId = replies.appeal(id, token, clientAddress(), appeal == null ? null : appeal.grounds());
        return Response.status(201).entity(new ReplyReceipt(replyId, "IN_REVIEW")).build();
    }

    public record MissingStatements(com.fasterxml.jackson.databind.JsonNode statements) {
    }

    @POST
    @Path("/{id}/statements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add the statements verification found missing", description = "Needs the X-Claimant-Token; "
            + "{\"statements\": {…}} with every missing element (400 names the ones still missing). Only while the "
            + "status is NEEDS_INFORMATION because statements were missing (else 409). The request is submitted "
            + "again (SUBMITTED) and checked anew.")
    public Response addStatements(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token,
            MissingStatements body) {
        com.fasterxml.jackson.databind.JsonNode statements = body == null ? null : body.statements();
        if (statements == null || !statements.isObject()) {
            throw ProblemException.invalidField("statements", "must be an object of named statements");
        }
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> added = new java.util.HashMap<>();
        statements.fields().forEachRemaining(e -> added.put(e.getKey(), e.getValue()));
        submissions.addMissingStatements(id, token, clientAddress(), added);
        return Response.ok(java.util.Map.of("id", id, "status", "SUBMITTED")).build();
    }

    @GET
    @Path("/{id}/export")
    @Produces("application/zip")
    @Operation(summary = "Download everything held about the request (GDPR Art. 15)", description = "Needs the "
            + "X-Claimant-Token. A ZIP with request.json (request, contact data, statements, targets, timeline, "
            + "messages, replies, e-mails, evidence reads) and the evidence images; the download is logged.")
    public Response export(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        org.takedown.intake.export.ClaimantExport.Archive archive = exports.export(id, token, clientAddress());
        return Response.ok(archive.zip(), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + archive.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private java.util.Optional<java.net.InetAddress> clientAddress() {
        return ClientAddress.of(httpRequest);
    }

    /** The caller's language by Accept-Language: it is stored with a new request, and explains the status. */
    private java.util.Locale language() {
        return texts.choose(httpRequest.getHeader(jakarta.ws.rs.core.HttpHeaders.ACCEPT_LANGUAGE));
    }
}
