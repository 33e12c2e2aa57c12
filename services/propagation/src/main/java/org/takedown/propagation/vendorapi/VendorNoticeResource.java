package org.takedown.propagation.vendorapi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.propagation.notice.Acknowledgements;
import org.takedown.propagation.notice.DisputeReason;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.VendorState;
import org.takedown.web.security.Roles;

import io.quarkus.security.ForbiddenException;

/**
 * The vendor's side of notices: what was sent to it (also a way to pull notices a webhook could
 * not deliver) and its acknowledgements. The vendor is the one its token names in
 * {@code vendor_id}; no vendor sees or moves another vendor's notices.
 */
@Path("/api/v1/vendor/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vendor notices", description = "A vendor's own notices and acknowledgements (role vendor)")
@RolesAllowed(Roles.VENDOR)
public class VendorNoticeResource {

    /**
     * A notice as its vendor sees it. {@code kind} is REMOVAL (acknowledged through the states below) or
     * REVERSAL (the items of {@code subjectNoticeId} are no longer removed; nothing to acknowledge).
     */
    public record VendorNoticeView(UUID id, UUID requestId, String kind, UUID subjectNoticeId, int itemCount,
            String deliveryStatus, Instant createdAt, Instant deliveredAt, String vendorState, Instant vendorStateAt,
            Instant acknowledgementDueAt, @JsonRawValue String notice) {

        static VendorNoticeView of(Notice n) {
            return new VendorNoticeView(n.id, n.requestId, n.kind.name(), n.subjectNoticeId, n.itemCount, n.status.name(),
                    n.createdAt, n.deliveredAt, n.vendorState == null ? null : n.vendorState.name(), n.vendorStateAt,
                    n.acknowledgementDueAt, n.payload);
        }
    }

    /** {@code reasonCode} only with DISPUTED, where it is required (as is the note). */
    public record AcknowledgementForm(@NotNull(message = "must be ACKNOWLEDGED, APPLIED or DISPUTED") VendorState state,
            DisputeReason reasonCode, String note) {
    }

    private final Acknowledgements acknowledgements;
    private final JsonWebToken token;

    VendorNoticeResource(Acknowledgements acknowledgements, JsonWebToken token) {
        this.acknowledgements = acknowledgements;
        this.token = token;
    }

    @GET
    @Operation(summary = "This vendor's notices, newest first",
            description = "vendorState filters: NONE (not reported yet), ACKNOWLEDGED, APPLIED, DISPUTED.")
    public List<VendorNoticeView> list(@QueryParam("vendorState") String vendorState,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return acknowledgements.ofVendor(vendorId(), vendorState, limit).stream().map(VendorNoticeView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One notice of this vendor, with the notice body as sent by webhook")
    public VendorNoticeView get(@PathParam("id") UUID id) {
        return VendorNoticeView.of(acknowledgements.ofVendor(vendorId(), id));
    }

    @POST
    @Path("/{id}/acknowledgement")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report what this vendor did with a notice",
            description = "ACKNOWLEDGED (received), APPLIED (removed from training data) or DISPUTED (with a note and a reasonCode: "
                    + "NOT_IN_OUR_COPY, ITEM_NOT_FOUND, LEGAL_OBJECTION or OTHER). "
                    + "Repeating the current state is harmless (200, nothing changes); a step backwards is 409; "
                    + "another vendor's notice is 403.")
    public Response acknowledge(@PathParam("id") UUID id, @NotNull(message = "a JSON body is required") @Valid AcknowledgementForm form) {
        String vendor = vendorId();
        boolean changed = acknowledgements.report(vendor, id, form.state(), form.reasonCode(), form.note(), token.getClaim("azp") == null
                ? vendor : token.getClaim("azp").toString());
        return Response.ok(VendorNoticeView.of(acknowledgements.ofVendor(vendor, id)))
                .header("Acknowledgement-Recorded", String.valueOf(changed))
                .build();
    }

    private String vendorId() {
        Object claim = token.getClaim(Roles.VENDOR_ID_CLAIM);
        if (claim == null || claim.toString().isBlank()) {
            throw new ForbiddenException("vendor token without " + Roles.VENDOR_ID_CLAIM);
        }
        return claim.toString().replace("\"", "");
    }
}
