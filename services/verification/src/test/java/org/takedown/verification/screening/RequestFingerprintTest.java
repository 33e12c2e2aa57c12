package org.takedown.verification.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

class RequestFingerprintTest {

    @Test
    void sameTargetsInAnotherOrderGiveTheSameFingerprint() {
        assertEquals(RequestFingerprint.of(request(ClaimType.COPYRIGHT, List.of("https://a.example/1", "https://a.example/2"), List.of("b.example"))),
                RequestFingerprint.of(request(ClaimType.COPYRIGHT, List.of("https://a.example/2", "https://a.example/1"), List.of("B.example"))));
    }

    @Test
    void claimTypeIsPartOfTheFingerprint() {
        assertNotEquals(RequestFingerprint.of(request(ClaimType.COPYRIGHT, List.of("https://a.example/1"), List.of())),
                RequestFingerprint.of(request(ClaimType.GDPR_ERASURE, List.of("https://a.example/1"), List.of())));
    }

    @Test
    void anotherTargetGivesAnotherFingerprint() {
        assertNotEquals(RequestFingerprint.of(request(ClaimType.COPYRIGHT, List.of("https://a.example/1"), List.of())),
                RequestFingerprint.of(request(ClaimType.COPYRIGHT, List.of("https://a.example/1", "https://a.example/3"), List.of())));
    }

    @Test
    void theSameTargetsAskedOfOtherDataSetsAreAnotherRequest() {
        RequestSubmitted everywhere = request(ClaimType.COPYRIGHT, List.of("https://a.example/1"), List.of());
        RequestSubmitted inB = RequestSubmitted.of(UUID.randomUUID(), ClaimType.COPYRIGHT, "cr1_x")
                .imageUrls(List.of("https://a.example/1")).datasets(List.of("demo-b")).build();
        RequestSubmitted inA = RequestSubmitted.of(UUID.randomUUID(), ClaimType.COPYRIGHT, "cr1_x")
                .imageUrls(List.of("https://a.example/1")).datasets(List.of("demo-a")).build();
        assertNotEquals(RequestFingerprint.of(everywhere), RequestFingerprint.of(inB));
        assertNotEquals(RequestFingerprint.of(inA), RequestFingerprint.of(inB));
        assertEquals(RequestFingerprint.of(inB), RequestFingerprint.of(RequestSubmitted.of(UUID.randomUUID(),
                ClaimType.COPYRIGHT, "cr1_x").imageUrls(List.of("https://a.example/1")).datasets(List.of("demo-b")).build()));
    }

    @Test
    void requestWithoutPublicTargetsHasNoFingerprint() {
        assertTrue(RequestFingerprint.of(request(ClaimType.LIKENESS, List.of(), List.of())).isEmpty());
    }

    private static RequestSubmitted request(ClaimType type, List<String> urls, List<String> domains) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, "cr1_x", urls, domains, 1, 0);
    }
}
