package org.takedown.verification.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Properties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

/**
 * The shipped rules, read from application.properties as the service reads them: for each claim
 * type a complete claim passes and a claim without one element names exactly that element.
 */
class ElementRulesTest {

    private static final ElementRules RULES = new ElementRules(shippedRules());

    @Test
    void copyrightNeedsTheSixElementsOfADmcaNotice() {
        assertEquals(List.of("identificationOfWork", "identificationOfMaterial", "contact", "goodFaithStatement",
                "accuracyUnderPenaltyOfPerjury", "signature"), RULES.requiredFor(ClaimType.COPYRIGHT));
    }

    @Test
    void completeClaimOfEveryTypePasses() {
        for (ClaimType type : ClaimType.values()) {
            assertEquals(Optional.empty(), RULES.missing(request(type, RULES.requiredFor(type))), type.name());
        }
    }

    @Test
    void claimOfEveryTypeWithoutOneElementNamesIt() {
        for (ClaimType type : ClaimType.values()) {
            List<String> required = RULES.requiredFor(type);
            for (String left : required) {
                List<String> supplied = new ArrayList<>(required);
                supplied.remove(left);
                assertEquals(Optional.of(List.of(left)), RULES.missing(request(type, supplied)), type + " without " + left);
            }
        }
    }

    @Test
    void everyClaimTypeHasRules() {
        for (ClaimType type : ClaimType.values()) {
            assertEquals(false, RULES.requiredFor(type).isEmpty(), type.name());
        }
    }

    @Test
    void gdprErasureNeedsDataSubjectOrMandateAndJurisdiction() {
        assertEquals(Optional.of(List.of("dataSubjectOrMandate", "jurisdiction")),
                RULES.missing(request(ClaimType.GDPR_ERASURE, List.of("erasureGround"))));
    }

    @Test
    void unreportedElementsAreNotHeldAgainstTheClaim() {
        RequestSubmitted old = new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                "cr1_x", List.of("https://a.example/x.jpg"), List.of(), 0, 0);
        assertEquals(Optional.empty(), RULES.missing(old));
    }

    @Test
    void rulesAreData() {
        ElementRules custom = new ElementRules(Map.of("LIKENESS", List.of("portraitRights")));
        assertEquals(Optional.of(List.of("portraitRights")), custom.missing(request(ClaimType.LIKENESS, List.of())));
    }

    private static Map<String, List<String>> shippedRules() {
        Properties properties = new Properties();
        try (InputStream in = ElementRulesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> rules = new HashMap<>();
        for (ClaimType type : ClaimType.values()) {
            String value = properties.getProperty("takedown.verification.completeness.required-elements." + type.name());
            if (value != null) {
                rules.put(type.name(), List.of(value.split(",")));
            }
        }
        return rules;
    }

    private static RequestSubmitted request(ClaimType type, List<String> elements) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, "cr1_x",
                List.of("https://a.example/x.jpg"), List.of(), 0, 0, elements);
    }
}
