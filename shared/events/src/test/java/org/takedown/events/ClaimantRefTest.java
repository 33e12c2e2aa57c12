package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClaimantRefTest {

    private static final byte[] PEPPER = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameAddressInAnotherCaseIsTheSamePerson() {
        assertEquals(ClaimantRef.of("Jane.Doe@Example.org ", PEPPER), ClaimantRef.of("jane.doe@example.org", PEPPER));
    }

    @Test
    void referenceDoesNotContainTheAddress() {
        String ref = ClaimantRef.of("jane.doe@example.org", PEPPER);
        assertFalse(ref.contains("jane"));
        assertEquals(4 + 64, ref.length());
    }

    @Test
    void anotherPepperGivesAnotherReference() {
        byte[] other = "fedcba9876543210fedc".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(ClaimantRef.of("jane@example.org", PEPPER), ClaimantRef.of("jane@example.org", other));
    }
}
