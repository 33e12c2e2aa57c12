package org.takedown.propagation.apikey;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The key of an {@code Authorization: API <key>} header, for {@link ApiKeyIdentityProvider}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
