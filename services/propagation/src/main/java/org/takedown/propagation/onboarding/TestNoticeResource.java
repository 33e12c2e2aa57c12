package org.takedown.propagation.onboarding;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.propagation.apikey.ApiKeyIdentityProvider;
import org.takedown.web.security.Roles;

/**
 * A vendor asks for a test notice to its own endpoints (the admin's equivalent is {@link AdminTestNoticeResource}); its own
 * path, since JAX-RS picks one root resource per path before looking at its methods.
 */
@Path("/api/v1/vendor/test-notice")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Onboarding", description = "A signed test delivery to a vendor's endpoints")
public class TestNoticeResource {

    private final TestNotices testNotices;
    private final SecurityIdentity identity;

    TestNoticeResource(TestNotices testNotices, SecurityIdentity identity) {
        this.testNotices = testNotices;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.VENDOR)
    @Operation(summary = "Send a test notice to your enabled endpoints",
            description = "Type takedown.notice.test, no items, signed and sent like every notice; answers each endpoint's "
                    + "status, time and error. With a token (claim vendor_id) or an API key.")
    public TestNotices.TestNoticeResult own() {
        return testNotices.send(vendorId());
    }

    /** The vendor an API key belongs to (its principal), or the one a token names in {@code vendor_id}. */
    private String vendorId() {
        if (identity.getAttribute(ApiKeyIdentityProvider.KEY_ID_ATTRIBUTE) != null) {
            return identity.getPrincipal().getName();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object claim = token.getClaim(Roles.VENDOR_ID_CLAIM);
            if (claim != null && !claim.toString().isBlank()) {
                return claim.toString().replace("\"", "");
            }
        }
        throw new ForbiddenException("vendor token without " + Roles.VENDOR_ID_CLAIM);
    }
}
