package org.takedown.intake.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.takedown.events.ClaimType;

/** The body of {@code POST /api/v1/requests}, as the public intake contract names it. */
public record RequestSubmission(
        @NotNull ClaimType claimType,
        @NotNull @Valid Claimant claimant,
        List<@NotBlank @Size(max = 2048) String> imageUrls,
        @Size(max = 100) List<@NotBlank @Size(max = 253) String> domains,
        @Size(max = 20) List<@NotBlank @Size(max = 200) String> textQueries,
        JsonNode statements,
        @Size(max = 5) List<@NotNull @Valid EvidenceHashInput> evidenceHashes,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> datasets) {

    /** A submission that names no data sets: every ACTIVE release is searched. */
    public RequestSubmission(ClaimType claimType, Claimant claimant, List<String> imageUrls, List<String> domains,
            List<String> textQueries, JsonNode statements, List<EvidenceHashInput> evidenceHashes) {
        this(claimType, claimant, imageUrls, domains, textQueries, statements, evidenceHashes, null);
    }

    /**
     * An image hashed on the claimant's device (or by a partner app): its PDQ hash and PDQ's quality score. The
     * image itself is never sent.
     */
    public record EvidenceHashInput(
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a PDQ hash: 64 hex digits") String pdq,
            @NotNull @Min(value = 0, message = "must be a PDQ quality from 0 to 100")
            @Max(value = 100, message = "must be a PDQ quality from 0 to 100") Integer quality) {
    }

    public enum ActingFor {
        SELF,
        AGENT
    }

    public record Claimant(
            @NotBlank @Email @Size(max = 254) String email,
            @Size(max = 200) String name,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE") String country,
            ActingFor actingFor) {
    }

    public List<String> imageUrlsOrEmpty() {
        return imageUrls == null ? List.of() : imageUrls;
    }

    public List<String> domainsOrEmpty() {
        return domains == null ? List.of() : domains;
    }

    public List<String> datasetsOrEmpty() {
        return datasets == null ? List.of() : datasets;
    }

    public List<EvidenceHashInput> evidenceHashesOrEmpty() {
        return evidenceHashes == null ? List.of() : evidenceHashes;
    }

    public List<String> textQueriesOrEmpty() {
        return textQueries == null ? List.of() : textQueries;
    }
}
