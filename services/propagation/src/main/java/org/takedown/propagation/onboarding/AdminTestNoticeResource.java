package org.takedown.propagation.onboarding;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.web.security.Roles;

/** An admin sends a test notice to any vendor's enabled endpoints. */
@Path("/api/v1/admin/vendors/{id}/test-notice")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Onboarding", description = "A signed test delivery to a vendor's endpoints")
@RolesAllowed(Roles.ADMIN)
public class AdminTestNoticeResource {

    private final TestNotices testNotices;

    AdminTestNoticeResource(TestNotices testNotices) {
        this.testNotices = testNotices;
    }

    @POST
    @Operation(summary = "Send a test notice to a vendor's enabled endpoints")
    public TestNotices.TestNoticeResult send(@PathParam("id") String vendorId) {
        return testNotices.send(vendorId);
    }
}
