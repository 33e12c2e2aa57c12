package org.takedown.verification.domain;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * What a claimant must publish to prove control of each domain of a site opt-out, and how the
 * checks went. Intake shows it on the claimant's status page (calling with its service token);
 * reviewers and admins may look too.
 */
@Path("/api/v1/requests/{requestId}/domain-proofs")
@RolesAllowed({ Roles.SERVICE, Roles.REVIEWER, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class DomainProofResource {

    public record DomainProofsView(UUID requestId, List<DomainProofView> proofs) {
    }

    public record DomainProofView(String domain, String token, DomainProof.Status status, Instant deadline,
            Instant provenAt, CheckResult.Method provenBy, DnsRecordView dnsRecord, WellKnownFileView wellKnownFile,
            List<CheckView> checks) {
    }

    public record DnsRecordView(String name, String type, String value) {
    }

    public record WellKnownFileView(String url, String content) {
    }

    public record CheckView(Instant checkedAt, CheckResult.Method method, CheckResult.Result result, String detail) {
    }

    private final DomainProofService proofs;
    private final WellKnownFileCheck wellKnownFile;
    private final DnsTxtCheck dnsTxt;

    DomainProofResource(DomainProofService proofs, WellKnownFileCheck wellKnownFile, DnsTxtCheck dnsTxt) {
        this.proofs = proofs;
        this.wellKnownFile = wellKnownFile;
        this.dnsTxt = dnsTxt;
    }

    @GET
    public DomainProofsView get(@PathParam("requestId") String requestId) {
        UUID id;
        try {
            id = UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("requestId", "must be a request id (UUID)");
        }
        List<DomainProof> found = proofs.forRequest(id);
        if (found.isEmpty()) {
            throw ProblemException.notFound("domain proofs of request " + id);
        }
        return new DomainProofsView(id, found.stream().map(this::view).toList());
    }

    private DomainProofView view(DomainProof proof) {
        return new DomainProofView(proof.domain, proof.token, proof.status, proof.deadline, proof.provenAt, proof.provenBy,
                new DnsRecordView(dnsTxt.recordName(proof.domain), "TXT", DnsTxtCheck.recordValue(proof.token)),
                new WellKnownFileView(wellKnownFile.urlFor(proof.domain).toString(), proof.token + "\n"),
                proofs.checks(proof.id).stream()
                        .map(c -> new CheckView(c.checkedAt, c.method, c.result, c.detail)).toList());
    }
}
