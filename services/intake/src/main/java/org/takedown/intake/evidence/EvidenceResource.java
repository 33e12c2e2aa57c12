package org.takedown.intake.evidence;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The claimant's evidence images for the people and services that must see them: reviewers and
 * admins (their own token, e.g. passed on by the review console) and Takedown services (client
 * credentials). Every read is written to the evidence access log in the same transaction, with the
 * purpose the caller states in {@value #PURPOSE_HEADER}.
 */
@Path("/api/v1/internal/requests/{requestId}/evidence")
@Tag(name = "Evidence (internal)", description = "Evidence images for reviewers, admins and services; every read is logged")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN, Roles.SERVICE })
public class EvidenceResource {

    public static final String PURPOSE_HEADER = "X-Takedown-Purpose";

    /** {@code storedType}: the format {@code …/evidence/{id}} answers in; {@code checkStatus}: PENDING, DECODED, UNDECODABLE. */
    public record EvidenceView(UUID id, int position, String sourceType, int width, int height, String sha256,
            Instant receivedAt, String storedType, String mediaType, String checkStatus) {
    }

    /** An image the claimant hashed on their device: only its PDQ hash (64 hex digits) and quality exist. */
    public record EvidenceHashView(int position, String pdq, int quality, Instant receivedAt) {
    }

    private final EvidenceImageRepository images;
    private final EvidenceHashRepository hashes;
    private final PersonalDataCipher cipher;
    private final EvidenceAccessLog log;
    private final SecurityIdentity identity;

    EvidenceResource(EvidenceImageRepository images, EvidenceHashRepository hashes, PersonalDataCipher cipher,
            EvidenceAccessLog log, SecurityIdentity identity) {
        this.images = images;
        this.hashes = hashes;
        this.cipher = cipher;
        this.log = log;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The evidence images of a request: sizes and hashes, no pixels (logged)")
    public List<EvidenceView> list(@PathParam("requestId") String requestId, @HeaderParam(PURPOSE_HEADER) String purpose) {
        UUID id = parse("requestId", requestId);
        List<EvidenceImage> found = images.list("requestId = ?1 order by position", id);
        log.record(identity, EvidenceAccessLog.Action.LISTED, id, null, purpose);
        return found.stream().map(image -> new EvidenceView(image.id, image.position, image.sourceType.name(), image.width,
                image.height, HexFormat.of().formatHex(image.sha256), image.createdAt, image.storedType.name(),
                image.storedType.mediaType(), image.checkStatus.name())).toList();
    }

    @GET
    @Path("/hashes")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The evidence the claimant hashed on their device: PDQ hash and quality per image (logged)",
            description = "Images hashed in the browser (or by a partner app) were never uploaded: only their hashes exist.")
    public List<EvidenceHashView> hashes(@PathParam("requestId") String requestId,
            @HeaderParam(PURPOSE_HEADER) String purpose) {
        UUID id = parse("requestId", requestId);
        List<EvidenceHash> found = hashes.listFor(id);
        log.record(identity, EvidenceAccessLog.Action.HASHES_READ, id, null, purpose);
        return found.stream().map(hash -> new EvidenceHashView(hash.position, hash.pdq, hash.quality, hash.createdAt))
                .toList();
    }

    @GET
    @Path("/{evidenceId}")
    @Produces({ "image/jpeg", "image/png", "image/webp" })
    @Transactional
    @Operation(summary = "One evidence image in its stored format (logged)", description = "The image as it was "
            + "uploaded, its metadata (EXIF, XMP, IPTC, comments, text chunks) removed: Content-Type image/jpeg, "
            + "image/png or image/webp. Images stored before this version are PNGs.")
    public Response image(@PathParam("requestId") String requestId, @PathParam("evidenceId") String evidenceId,
            @HeaderParam(PURPOSE_HEADER) String purpose) {
        UUID request = parse("requestId", requestId);
        UUID evidence = parse("evidenceId", evidenceId);
        EvidenceImage image = images.findByIdOptional(evidence).filter(found -> found.requestId.equals(request))
                .orElseThrow(() -> ProblemException.notFound("evidence image " + evidence + " of request " + request));
        byte[] bytes = cipher.openBytes(image.imageSealed, image.keyId, request);
        log.record(identity, EvidenceAccessLog.Action.VIEWED, request, evidence, purpose);
        return Response.ok(bytes, image.storedType.mediaType())
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"evidence-" + image.position + "."
                        + image.storedType.extension() + "\"")
                .build();
    }

    static UUID parse(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be an id (UUID)");
        }
    }
}
