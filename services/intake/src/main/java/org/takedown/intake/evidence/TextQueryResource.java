package org.takedown.intake.evidence;

import java.util.Comparator;
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

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.RequestStatus;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * A request's free-text queries (e.g. the claimant's name as it appears in captions), for matching's
 * caption search and for reviewers. They are personal data: kept sealed, never in events (which carry
 * only their count), and every read is written to the evidence access log with the stated purpose.
 */
@Path("/api/v1/internal/requests/{requestId}/text-queries")
@Tag(name = "Evidence (internal)", description = "Evidence images for reviewers, admins and services; every read is logged")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN, Roles.SERVICE })
public class TextQueryResource {

    /** {@code position}: 0 for the request's first text query, in the order the claimant gave them. */
    public record TextQueryView(int position, String text) {
    }

    private final TakedownRequestRepository requests;
    private final PersonalDataCipher cipher;
    private final EvidenceAccessLog log;
    private final SecurityIdentity identity;

    TextQueryResource(TakedownRequestRepository requests, PersonalDataCipher cipher, EvidenceAccessLog log,
            SecurityIdentity identity) {
        this.requests = requests;
        this.cipher = cipher;
        this.log = log;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The free-text queries of a request (logged)", description = "404 for an unknown request; "
            + "410 once the request was withdrawn or its personal data erased.")
    public List<TextQueryView> list(@PathParam("requestId") String requestId,
            @HeaderParam(EvidenceResource.PURPOSE_HEADER) String purpose) {
        UUID id = EvidenceResource.parse("requestId", requestId);
        TakedownRequest request = requests.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("request " + id));
        if (request.personalDataErased() || request.status == RequestStatus.WITHDRAWN) {
            throw new ProblemException(410, "text-queries-gone", "Text queries no longer held",
                    request.status == RequestStatus.WITHDRAWN
                            ? "The claimant withdrew this request; its text queries are not to be used."
                            : "The personal data of this request was erased after its retention period.",
                    List.of());
        }
        List<RequestTarget> queries = request.targets.stream().filter(t -> t.kind == RequestTarget.Kind.TEXT_QUERY)
                .sorted(Comparator.comparingInt(t -> t.position)).toList();
        log.record(identity, EvidenceAccessLog.Action.TEXT_QUERIES_READ, id, null, purpose);
        return java.util.stream.IntStream.range(0, queries.size())
                .mapToObj(i -> new TextQueryView(i, cipher.open(queries.get(i).valueSealed, request.keyId, id)))
                .toList();
    }
}
