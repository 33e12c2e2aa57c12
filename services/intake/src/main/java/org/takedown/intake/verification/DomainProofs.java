package org.takedown.intake.verification;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the claimant of a site opt-out must publish for each domain, and how far the checks got —
 * verification's view, shown on the status page.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainProofs(List<Proof> proofs) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Proof(String domain, String token, String status, Instant deadline, Instant provenAt, DnsRecord dnsRecord,
            WellKnownFile wellKnownFile) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DnsRecord(String name, String type, String value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WellKnownFile(String url, String content) {
    }
}
