package org.takedown.intake.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimantTextsTest {

    private final TextBundle texts = new ClaimantTexts().in(ClaimantTexts.DEFAULT);

    @ParameterizedTest
    @EnumSource(RequestStatus.class)
    void everyStatusIsExplained(RequestStatus status) {
        assertFalse(texts.explain(status, null).isBlank(), status.name());
    }

    /** The reason codes verification sends (see services/verification/README.md). */
    @ParameterizedTest
    @ValueSource(strings = {"NO_TARGETS", "DOMAIN_REQUIRED", "DENIED_CLAIMANT", "DENIED_DOMAIN", "RATE_LIMITED",
            "RATE_LIMITED_NETWORK", "DUPLICATE_REQUEST", "DOMAIN_INVALID", "DOMAIN_WITH_PORT", "DOMAIN_MIXED_SCRIPT",
            "DOMAIN_CONTROL_NOT_PROVEN"})
    void everyRejectionReasonHasPlainWords(String reason) {
        String explained = texts.explain(RequestStatus.REJECTED, reason);
        assertTrue(explained.length() > texts.explain(RequestStatus.REJECTED, null).length() + 10, explained);
        assertFalse(explained.contains(reason), "the code itself is not an explanation: " + explained);
    }

    @Test
    void aMatchNamesTheDataSetsAndReleasesItWasFoundIn() {
        MatchesFound matches = new MatchesFound(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                MatchesFound.SEVERAL, MatchesFound.SEVERAL, List.of(
                        new MatchCandidate("a-1", "https://a.example/1.jpg", null, List.of("EXACT_URL"), 1.0, List.of(), null,
                                "demo-b", "2026-11"),
                        new MatchCandidate("a-1", "https://a.example/1.jpg", null, List.of("EXACT_URL"), 1.0, List.of(), null,
                                "demo-a", "2026-12"),
                        new MatchCandidate("a-2", "https://a.example/2.jpg", null, List.of("DOMAIN"), 0.9, List.of(), null,
                                "demo-a", "2026-12")), 7);

        String detail = ClaimantTexts.matchedDetail(matches);

        assertEquals("7 in demo-a 2026-12, demo-b 2026-11", detail);
        assertTrue(texts.explain(RequestStatus.MATCHED, detail).endsWith("demo-a 2026-12, demo-b 2026-11."),
                texts.explain(RequestStatus.MATCHED, detail));
    }

    @Test
    void aMatchFromBeforeSeveralReleasesNamesTheEventsRelease() {
        MatchesFound matches = new MatchesFound(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                "laion-5b", "2026-01", List.of(new MatchCandidate("i", "https://a.example/1.jpg", null, List.of("EXACT_URL"), 1.0)), 1);

        assertEquals("1 in laion-5b 2026-01", ClaimantTexts.matchedDetail(matches));
    }

    @Test
    void missingElementsAreNamedInPlainWords() {
        String explained = texts.explain(RequestStatus.NEEDS_INFORMATION, "signature,goodFaithStatement");
        assertTrue(explained.contains("your signature"), explained);
        assertTrue(explained.contains("good faith"), explained);
        assertFalse(explained.contains("goodFaithStatement"), explained);
    }

    /** The reason codes of review's InformationRequested (the shared contract). */
    @ParameterizedTest
    @ValueSource(strings = {"IDENTITY_PROOF", "AUTHORITY_PROOF", "OWNERSHIP_PROOF", "BETTER_EVIDENCE", "CLARIFY_TARGETS", "OTHER"})
    void everyQuestionAReviewerCanAskHasPlainWords(String code) {
        String explained = texts.explain(RequestStatus.NEEDS_INFORMATION, code);
        assertTrue(explained.length() > texts.explain(RequestStatus.NEEDS_INFORMATION, null).length() + 10, explained);
        assertFalse(explained.contains(code), "the code itself is not an explanation: " + explained);
    }

    @Test
    void closedStatusesAreTheOnesRetentionCountsFrom() {
        assertTrue(RequestStatus.WITHDRAWN.closed() && RequestStatus.REVERSED.closed() && RequestStatus.DENIED.closed());
        assertFalse(RequestStatus.IN_REVIEW.closed());
        assertFalse(RequestStatus.WITHDRAWN.canMoveTo(RequestStatus.REVERSED), "nothing follows a withdrawal");
        assertTrue(RequestStatus.COMPLETED.canMoveTo(RequestStatus.REVERSED));
    }

    /** Reads verification's own rules, so a new required element without a text fails here. */
    @Test
    void everyElementThatVerificationCanAskForHasAText() throws IOException {
        Properties rules = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("../verification/src/main/resources/application.properties"))) {
            rules.load(in);
        }
        Properties ours = new Properties();
        try (InputStream in = ClaimantTextsTest.class.getResourceAsStream("/claimant-texts.properties")) {
            ours.load(in);
        }
        List<String> elements = rules.stringPropertyNames().stream()
                .filter(key -> key.startsWith("takedown.verification.completeness.required-elements."))
                .flatMap(key -> Stream.of(rules.getProperty(key).split(",")))
                .map(String::strip)
                .toList();
        assertFalse(elements.isEmpty(), "verification's rules were not found");
        elements.forEach(element -> assertTrue(ours.containsKey("element." + element), "no text for " + element));
    }
}
