package org.takedown.intake.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.web.ProblemException;

class StatementElementsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyElementsWithAValueArePresent() throws Exception {
        var statements = json.readTree("""
                {"signature":"Jane Doe","goodFaithStatement":true,"accuracyUnderPenaltyOfPerjury":false,
                 "contact":"  ","identificationOfWork":{"title":"Cat"},"identificationOfMaterial":[]}""");

        assertEquals(List.of("signature", "goodFaithStatement", "identificationOfWork"), StatementElements.present(statements));
    }

    @Test
    void noStatementsAreNoElements() {
        assertEquals(List.of(), StatementElements.present(null));
    }

    @Test
    void statementsMustBeAnObjectOfNamedElements() throws Exception {
        assertThrows(ProblemException.class, () -> StatementElements.present(json.readTree("[\"signature\"]")));
        assertThrows(ProblemException.class, () -> StatementElements.present(json.readTree("{\"bad name!\":true}")));
    }
}
