package org.takedown.propagation.apikey;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.takedown.web.security.Roles;

/**
 * Turns a vendor's API key into the same identity its Keycloak client has for {@code @RolesAllowed}: role
 * {@code vendor}, principal = the vendor's id in the registry. The lookup is in memory ({@link ApiKeys}); only the
 * very first one on a replica reads PostgreSQL, on a worker thread.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** The identity's attribute holding the key's id (never the key). */
    public static final String KEY_ID_ATTRIBUTE = "takedown.api-key-id";

    private final ApiKeys keys;

    ApiKeyIdentityProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!keys.loaded()) {
            return context.runBlocking(() -> identity(request.key()));
        }
        return Uni.createFrom().item(() -> identity(request.key()));
    }

    private SecurityIdentity identity(String key) {
        ApiKeys.KeyOwner owner = keys.owner(key)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, revoked or disabled API key"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(owner.vendorId()))
                .addRole(Roles.VENDOR)
                .addAttribute(KEY_ID_ATTRIBUTE, owner.keyId().toString())
                .build();
    }
}
