package org.takedown.propagation;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.takedown.testing.Tokens;

/** Requests as the realm's callers, with real Keycloak tokens. */
final class Callers {

    private Callers() {
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.shared().user("admin"));
    }

    /** A vendor client of the realm ({@code acme} or {@code globex}). */
    static RequestSpecification asVendor(String vendorId) {
        return given().auth().oauth2(Tokens.shared().vendor(vendorId));
    }

    static RequestSpecification asVendor() {
        return asVendor("acme");
    }
}
