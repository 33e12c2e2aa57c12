package org.takedown.matching.registry;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The data set registry over HTTP. Reading is public: a claimant chooses where to look, a vendor sees
 * what exists. Registering data sets and moving releases through INGESTING → ACTIVE → RETIRED is for
 * admins.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    /** The body of a registration; {@code name} is required, the rest optional. */
    public record DatasetRegistration(String name, String maintainerContact, String homeUrl, String licenceUrl) {
    }

    private final DatasetRegistry registry;

    public DatasetResource(DatasetRegistry registry) {
        this.registry = registry;
    }

    @GET
    @PermitAll
    public List<DatasetRegistry.DatasetView> list() {
        return registry.list();
    }

    @GET
    @Path("/{dataset}")
    @PermitAll
    public DatasetRegistry.DatasetView get(@PathParam("dataset") String dataset) {
        checkId("dataset", dataset);
        return registry.find(dataset).orElseThrow(() -> ProblemException.notFound("data set " + dataset));
    }

    @PUT
    @Path("/{dataset}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@PathParam("dataset") String dataset, DatasetRegistration body) {
        checkId("dataset", dataset);
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.invalidField("name", "a name is required");
        }
        checkLength("name", body.name(), 200);
        checkLength("maintainerContact", body.maintainerContact(), 320);
        checkUrl("homeUrl", body.homeUrl());
        checkUrl("licenceUrl", body.licenceUrl());
        boolean created = registry.register(dataset, new DatasetRegistry.Details(body.name().strip(),
                blankToNull(body.maintainerContact()), blankToNull(body.homeUrl()), blankToNull(body.licenceUrl())));
        DatasetRegistry.DatasetView view = registry.find(dataset).orElseThrow();
        return created ? Response.created(URI.create("/api/v1/datasets/" + dataset)).entity(view).build()
                : Response.ok(view).build();
    }

    @PUT
    @Path("/{dataset}/releases/{release}")
    @RolesAllowed(Roles.ADMIN)
    public Response registerRelease(@PathParam("dataset") String dataset, @PathParam("release") String release) {
        checkId("dataset", dataset);
        checkId("release", release);
        boolean created = registry.registerRelease(dataset, release);
        DatasetRegistry.DatasetView view = registry.find(dataset).orElseThrow();
        return (created ? Response.status(201) : Response.ok()).entity(view).build();
    }

    @POST
    @Path("/{dataset}/releases/{release}/activation")
    @RolesAllowed(Roles.ADMIN)
    public DatasetRegistry.ReleaseView activate(@PathParam("dataset") String dataset, @PathParam("release") String release) {
        checkId("dataset", dataset);
        checkId("release", release);
        return registry.activate(dataset, release);
    }

    @POST
    @Path("/{dataset}/releases/{release}/retirement")
    @RolesAllowed(Roles.ADMIN)
    public DatasetRegistry.ReleaseView retire(@PathParam("dataset") String dataset, @PathParam("release") String release) {
        checkId("dataset", dataset);
        checkId("release", release);
        return registry.retire(dataset, release);
    }

    private static void checkId(String field, String id) {
        try {
            ReleaseStore.checkId(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, e.getMessage());
        }
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.invalidField(field, "at most " + max + " characters");
        }
    }

    private static void checkUrl(String field, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        checkLength(field, value, 2000);
        try {
            URI uri = new URI(value.strip());
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw ProblemException.invalidField(field, "an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField(field, "an absolute http(s) URL");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
