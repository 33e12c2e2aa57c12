package org.takedown.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProblemMessageTest {

    private static String describe(String body) {
        return Api.describeProblem(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aProblemIsToldByItsTypeAndDetail() {
        assertEquals("release-retired — release demo/r1 is retired", describe(
                "{\"type\":\"https://takedown.org/problems/release-retired\",\"title\":\"Conflict\",\"status\":409,"
                        + "\"detail\":\"release demo/r1 is retired\"}"));
    }

    @Test
    void fieldErrorsNotInTheDetailAreAdded() {
        assertEquals("invalid-request — The request is not valid; name: must not be blank; homeUrl: must be absolute", describe(
                "{\"type\":\"https://takedown.org/problems/invalid-request\",\"title\":\"The request is not valid\",\"status\":400,"
                        + "\"errors\":[{\"field\":\"name\",\"message\":\"must not be blank\"},"
                        + "{\"field\":\"homeUrl\",\"message\":\"must be absolute\"}]}"));
    }

    @Test
    void aBodyThatIsNotJsonIsShownShortened() {
        assertEquals("x".repeat(200) + "…", describe("x".repeat(500)));
        assertEquals("", describe(""));
    }
}
