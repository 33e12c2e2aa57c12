package org.takedown.intake;

/** Request bodies for tests. */
final class Requests {

    private Requests() {
    }

    static String copyright(String email) {
        return """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"%s","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "imageUrls":["https://images.example.org/cat.jpg"],
                 "statements":{"work":"my painting of a cat"}}""".formatted(email);
    }
}
