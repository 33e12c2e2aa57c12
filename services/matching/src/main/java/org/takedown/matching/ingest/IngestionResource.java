package org.takedown.matching.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * Admin API to ingest a release from a manifest in the inbox, watch its progress, and stop it
 * (a later POST resumes from the checkpoint). Access control is added with the service's OIDC
 * set-up (admin role).
 */
@Path("/api/v1/admin/releases/{dataset}/{release}/ingestion")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class IngestionResource {

    /**
     * The body of a start: the manifest's file name in the inbox; {@code captionEmbeddings}: also embed
     * every caption (all-MiniLM-L6-v2) for CAPTION_SEMANTIC, off by default (slow).
     */
    public record IngestionRequest(String manifest, Boolean captionEmbeddings) {
    }

    private final IngestionService ingestions;

    public IngestionResource(IngestionService ingestions) {
        this.ingestions = ingestions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("dataset") String dataset, @PathParam("release") String release,
                          IngestionRequest request) {
        checkIds(dataset, release);
        if (request == null || request.manifest() == null || request.manifest().isBlank()) {
            throw ProblemException.invalidField("manifest", "the name of a JSONL manifest, a .tar shard, a .parquet file or a directory of either in the inbox is required");
        }
        try {
            ReleaseStore.checkId(request.manifest());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("manifest", "a plain file name in the inbox, not a path");
        }
        try {
            return Response.accepted(ingestions.start(dataset, release, request.manifest(),
                    Boolean.TRUE.equals(request.captionEmbeddings()))).build();
        } catch (IngestionService.RefusedException e) {
            throw switch (e.refusal()) {
                case NOT_CONFIGURED -> new ProblemException(409, "ingestion-not-configured",
                        "Ingestion is not configured", e.getMessage(), java.util.List.of());
                case NO_SUCH_MANIFEST -> ProblemException.invalidField("manifest", e.getMessage());
                case ALREADY_PUBLISHED -> ProblemException.conflict("release-published", e.getMessage());
                case ALREADY_RUNNING -> ProblemException.conflict("ingestion-running", e.getMessage());
            };
        }
    }

    @GET
    public IngestionStatus status(@PathParam("dataset") String dataset, @PathParam("release") String release) {
        checkIds(dataset, release);
        return ingestions.status(dataset, release)
                .orElseThrow(() -> ProblemException.notFound("an ingestion of " + dataset + "/" + release));
    }

    @DELETE
    public Response stop(@PathParam("dataset") String dataset, @PathParam("release") String release) {
        checkIds(dataset, release);
        return Response.accepted(ingestions.stop(dataset, release)
                .orElseThrow(() -> ProblemException.notFound("an ingestion of " + dataset + "/" + release))).build();
    }

    private static void checkIds(String dataset, String release) {
        try {
            ReleaseStore.checkId(dataset);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("dataset", e.getMessage());
        }
        try {
            ReleaseStore.checkId(release);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("release", e.getMessage());
        }
    }
}
