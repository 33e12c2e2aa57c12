package org.takedown.cli.auth;

import java.time.Clock;
import java.util.Optional;

import org.takedown.cli.CliException;
import org.takedown.cli.CliSettings;

/**
 * The logged-in operator: hands out an access token that is valid for the next call, refreshing it (and storing
 * the new tokens) when less than a minute is left.
 */
public final class Session {

    private static final long MARGIN_SECONDS = 60;

    private final CliSettings settings;
    private final TokenStore store;
    private final Oidc oidc;
    private final Clock clock;

    public Session(CliSettings settings, TokenStore store, Oidc oidc, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.oidc = oidc;
        this.clock = clock;
    }

    public String accessToken() {
        StoredTokens tokens = store.read().orElseThrow(() -> new CliException(CliException.NOT_LOGGED_IN,
                "You are not logged in. Run `takedown login`."));
        if (!tokens.realmUrl().equals(settings.realmUrl()) || !tokens.clientId().equals(settings.get("client-id"))) {
            throw new CliException(CliException.NOT_LOGGED_IN, "You are logged in at " + tokens.realmUrl() + ", not at "
                    + settings.realmUrl() + ". Run `takedown login`.");
        }
        if (tokens.accessValidFor(clock.instant(), MARGIN_SECONDS)) {
            return tokens.accessToken();
        }
        if (!tokens.canRefresh(clock.instant())) {
            throw new CliException(CliException.NOT_LOGGED_IN, "Your session has ended. Run `takedown login`.");
        }
        StoredTokens refreshed = oidc.refresh(tokens);
        store.write(refreshed);
        return refreshed.accessToken();
    }

    /** The stored token, if any, without refreshing it. */
    public Optional<StoredTokens> stored() {
        return store.read();
    }
}
