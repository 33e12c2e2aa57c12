package org.takedown.intake.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Matching's public data set registry ({@code GET /api/v1/datasets}): what a claimant may ask to be searched. */
@RegisterRestClient(configKey = "matching")
@Path("/api/v1/datasets")
public interface MatchingDatasetsClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    List<Dataset> list();

    /** The part of a registry entry intake needs: its id and name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dataset(String id, String name) {
    }
}
