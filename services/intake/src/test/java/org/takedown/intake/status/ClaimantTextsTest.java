package org.takedown.intake.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimantTextsTest {

    private final ClaimantTexts texts = new ClaimantTexts();

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
