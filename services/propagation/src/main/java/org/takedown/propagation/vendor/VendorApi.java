package org.takedown.propagation.vendor;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The admin API's request and response bodies (never the entities themselves). */
public final class VendorApi {

    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    static final String TOKEN_PATTERN = "\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private VendorApi() {
    }

    public record VendorRegistration(
            @NotBlank @Pattern(regexp = ID_PATTERN, message = "must be lower-case letters, digits and '-', at most 63") String id,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String contactEmail,
            Boolean enabled) {
    }

    /** Fields left out stay as they are. */
    public record VendorChange(@Size(min = 1, max = 200) String name, @Email @Size(min = 3, max = 254) String contactEmail,
            Boolean enabled) {
    }

    public record EndpointRegistration(
            @NotBlank @Size(max = 2048) String url,
            @Size(max = 20) List<@NotNull @Pattern(regexp = TOKEN_PATTERN, message = "must be '*' or a name") String> eventTypes,
            @Size(max = 200) List<@NotNull @Pattern(regexp = TOKEN_PATTERN, message = "must be '*' or a data set id") String> datasets) {
    }

    public record SecretRotation(@PositiveOrZero @Max(30L * 24 * 3600) Long gracePeriodSeconds) {
    }

    public record EndpointView(UUID id, String url, List<String> eventTypes, List<String> datasets, boolean enabled,
            String disabledReason, Instant createdAt) {

        static EndpointView of(VendorEndpoint e) {
            return new EndpointView(e.id, e.url, e.eventTypeList(), e.datasetList(), e.enabled, e.disabledReason, e.createdAt);
        }
    }

    public record VendorView(String id, String name, String contactEmail, boolean enabled, boolean fromConfiguration,
            List<EndpointView> endpoints, int validSecrets, Instant createdAt) {
    }

    /** The only answer that ever shows a secret. */
    public record VendorCreated(VendorView vendor, String signingSecret) {
    }

    public record SecretRotated(String signingSecret, Instant previousSecretsValidUntil) {
    }
}
