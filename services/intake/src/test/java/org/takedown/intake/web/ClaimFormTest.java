package org.takedown.intake.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.TextBundle;
import org.takedown.intake.api.RequestSubmission;

class ClaimFormTest {

    private static final TextBundle ENGLISH = new ClaimantTexts().in(ClaimantTexts.DEFAULT);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyTheChosenClaimTypesStatementsAreSent() {
        Map<String, String> values = new HashMap<>(Map.of("claimType", "LIKENESS", "email", " jo@example.org ",
                "statements.LIKENESS.jurisdiction", "DE", "statements.LIKENESS.noConsentStatement", "on",
                "statements.COPYRIGHT.signature", "Jo Example"));
        Map<String, String> errors = new HashMap<>();

        RequestSubmission submission = ClaimForm.toSubmission(values, errors, json, ENGLISH);

        assertEquals(ClaimType.LIKENESS, submission.claimType());
        assertEquals("jo@example.org", submission.claimant().email());
        assertEquals("{\"jurisdiction\":\"DE\",\"noConsentStatement\":true}", submission.statements().toString());
        assertTrue(errors.isEmpty());
    }

    @Test
    void textAreasBecomeListsWithoutBlankLines() {
        Map<String, String> values = Map.of("claimType", "COPYRIGHT", "imageUrls",
                "https://a.example.org/1.jpg\r\n\n  https://a.example.org/2.jpg  \n");
        RequestSubmission submission = ClaimForm.toSubmission(values, new HashMap<>(), json, ENGLISH);
        assertEquals(List.of("https://a.example.org/1.jpg", "https://a.example.org/2.jpg"), submission.imageUrls());
    }

    @Test
    void unknownClaimTypeIsAnErrorOnItsField() {
        Map<String, String> errors = new HashMap<>();
        RequestSubmission submission = ClaimForm.toSubmission(Map.of("claimType", "NONSENSE"), errors, json, ENGLISH);
        assertNull(submission.claimType());
        assertTrue(errors.containsKey("claimType"));
    }

    @Test
    void jsonPathsFindTheirFormField() {
        assertEquals("email", ClaimForm.fieldOf("claimant.email"));
        assertEquals("imageUrls", ClaimForm.fieldOf("imageUrls[3].<list element>"));
        assertEquals("images", ClaimForm.fieldOf("images[0]"));
        assertEquals("line 4: bad", ClaimForm.messageFor("imageUrls[3]", "bad", ENGLISH));
        assertEquals("image 1: bad", ClaimForm.messageFor("images[0]", "bad", ENGLISH));
        assertEquals("bad", ClaimForm.messageFor("domains", "bad", ENGLISH));
    }

    @Test
    void hashesMadeOnTheDeviceAreReadLineByLineAndTheirErrorsShowAtTheImageField() {
        String hash = "1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9";
        assertEquals(List.of(new RequestSubmission.EvidenceHashInput(hash, 100),
                        new RequestSubmission.EvidenceHashInput("nonsense", null)),
                ClaimForm.deviceHashes(hash + " 100\n\n nonsense \n"));
        assertNull(ClaimForm.deviceHashes(""));
        assertNull(ClaimForm.deviceHashes(null));
        assertEquals("images", ClaimForm.fieldOf("evidenceHashes[1].pdq"));
    }

    @Test
    void theDataSetsFieldBecomesTheSubmissionsDataSetsOrNoneWhenEmpty() {
        Map<String, String> values = new HashMap<>(Map.of("claimType", "COPYRIGHT", "datasets", "demo-a\n demo-b, demo-a\n"));
        assertEquals(List.of("demo-a", "demo-b"), ClaimForm.toSubmission(values, new HashMap<>(), json, ENGLISH).datasets());
        values.put("datasets", "  \n ");
        assertNull(ClaimForm.toSubmission(values, new HashMap<>(), json, ENGLISH).datasets());
    }
}
